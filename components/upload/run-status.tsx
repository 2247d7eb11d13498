import { Badge, type Tone } from "@/components/ui/badge";
import { isFinishedRun } from "@/lib/backend/status";
import type { RunStatusView } from "./api-types";

/** The words the page shows for a run (a pending run is already on its way: "Running"). */
export type RunStatusText = "Running" | "Succeeded" | "Partial" | "Held" | "Failed";

const TEXT: Record<RunStatusView, RunStatusText> = { pending: "Running", running: "Running", succeeded: "Succeeded", partial: "Partial", held: "Held", failed: "Failed" };
const TONE: Record<RunStatusView, Tone> = { pending: "info", running: "info", succeeded: "success", partial: "warning", held: "warning", failed: "danger" };

export const runStatusText = (s: RunStatusView): RunStatusText => TEXT[s];
export const runStatusTone = (s: RunStatusView): Tone => TONE[s];
export const isFinished = (s: RunStatusView) => isFinishedRun(s);

export function RunStatusBadge({ status }: { status: RunStatusView }) {
  return (
    <Badge tone={runStatusTone(status)} dot>
      {runStatusText(status)}
    </Badge>
  );
}
