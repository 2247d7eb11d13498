import { Badge, type Tone } from "@/components/ui/badge";
import type { RunStatusView } from "./api-types";

/** The four words the page shows for a run (a pending run is already on its way: "Running"). */
export type RunStatusText = "Running" | "Succeeded" | "Partial" | "Failed";

export const runStatusText = (s: RunStatusView): RunStatusText =>
  s === "succeeded" ? "Succeeded" : s === "partial" ? "Partial" : s === "failed" ? "Failed" : "Running";

export const runStatusTone = (s: RunStatusView): Tone =>
  s === "succeeded" ? "success" : s === "partial" ? "warning" : s === "failed" ? "danger" : "info";

export const isFinished = (s: RunStatusView) => s === "succeeded" || s === "partial" || s === "failed";

export function RunStatusBadge({ status }: { status: RunStatusView }) {
  return (
    <Badge tone={runStatusTone(status)} dot>
      {runStatusText(status)}
    </Badge>
  );
}
