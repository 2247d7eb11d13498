import { Badge, type Tone } from "@/components/ui/badge";

const RUN: Record<string, { label: string; tone: Tone }> = {
  pending: { label: "Pending", tone: "neutral" },
  running: { label: "Running", tone: "info" },
  succeeded: { label: "Succeeded", tone: "success" },
  partial: { label: "Partial", tone: "warning" },
  held: { label: "Held", tone: "warning" },
  failed: { label: "Failed", tone: "danger" },
  skipped: { label: "Skipped", tone: "neutral" },
};

/** The status words the tests and people read: Running, Succeeded, Partial, Failed … */
export function StatusBadge({ status, className }: { status: string; className?: string }) {
  const s = RUN[status] ?? { label: status, tone: "neutral" as Tone };
  return (
    <Badge tone={s.tone} dot className={className}>
      {s.label}
    </Badge>
  );
}

export const statusLabel = (status: string) => RUN[status]?.label ?? status;
