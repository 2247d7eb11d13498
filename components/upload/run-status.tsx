import { Badge, type Tone } from "@/components/ui/badge";
import { statusTone } from "@/components/runs/status-badge";
import { statusLabel, type RunStatus } from "@/lib/contracts/status";

/** The words the page shows for a run (a pending run is already on its way: "Running"). */
export const runStatusText = (s: RunStatus): string => statusLabel(s === "pending" ? "running" : s);
export const runStatusTone = (s: RunStatus): Tone => statusTone(s === "pending" ? "running" : s);

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return (
    <Badge tone={runStatusTone(status)} dot>
      {runStatusText(status)}
    </Badge>
  );
}
