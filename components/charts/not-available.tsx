import { cn } from "@/components/ui/cn";

/**
 * A number the month cannot have because it never received the table behind it (DATA_CONTRACT.md
 * "Missing tables"): said in words, with the reason, in place of the chart — never drawn as zeros.
 */
export function NotAvailable({ reason, className }: { reason: string; className?: string }) {
  return (
    <div
      role="status"
      data-not-available
      className={cn("flex min-h-40 flex-col items-center justify-center gap-1 rounded-md border border-dashed border-border px-4 py-6 text-center", className)}
    >
      <p className="text-sm font-medium text-fg">Not available — {reason}</p>
      <p className="max-w-sm text-xs text-muted">Upload the missing file for this month to see it. Nothing is shown as zero.</p>
    </div>
  );
}

/** A panel whose tables the month has, with nothing in them (no recognised orders, no sessions): a 0, said in words. */
export function NoData({ text }: { text: string }) {
  return <p className="flex h-40 items-center justify-center rounded-md bg-surface-2/50 text-sm text-muted">{text}</p>;
}
