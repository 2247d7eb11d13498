import { Badge, type Tone } from "@/components/ui/badge";
import { statusLabel, type RunStatus, type StepStatus } from "@/lib/contracts/status";

const TONE: Record<RunStatus | StepStatus, Tone> = {
  pending: "neutral",
  running: "info",
  succeeded: "success",
  partial: "warning",
  held: "warning",
  failed: "danger",
  skipped: "neutral",
};

export const statusTone = (status: string): Tone => (TONE as Record<string, Tone>)[status] ?? "neutral";

/** The status words the tests and people read: Running, Succeeded, Partial, Failed … */
export function StatusBadge({ status, className }: { status: string; className?: string }) {
  return (
    <Badge tone={statusTone(status)} dot className={className}>
      {statusLabel(status)}
    </Badge>
  );
}
