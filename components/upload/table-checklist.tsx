import { cn } from "@/components/ui/cn";
import type { ChecklistItem } from "@/lib/upload-check";

/** The seven tables and which this batch brings; a batch may be a subset (e.g. a correction). */
export function TableChecklist({ items }: { items: ChecklistItem[] }) {
  const ready = items.filter((i) => i.status === "ready").length;
  return (
    <section aria-labelledby="checklist-title" className="rounded-lg border border-border bg-surface shadow-sm">
      <div className="border-b border-border px-5 py-4">
        <h2 id="checklist-title" className="text-base font-semibold text-fg">
          Tables in this batch
        </h2>
        <p className="mt-0.5 text-sm text-muted">
          {ready} of {items.length} ready · a batch may hold only some tables
        </p>
      </div>
      <ul className="divide-y divide-border" aria-label="Table checklist">
        {items.map((i) => (
          <li key={i.table} data-table={i.table} data-status={i.status} className="flex items-center gap-3 px-5 py-2.5">
            <StatusMark status={i.status} />
            <div className="min-w-0 flex-1">
              <p className={cn("font-mono text-sm", i.status === "missing" ? "text-muted" : "text-fg")}>{i.table}</p>
              {i.fileName ? <p className="truncate text-xs text-muted">{i.fileName}</p> : null}
            </div>
            <span className={cn("text-xs", { ready: "text-success", month: "text-warning", blocked: "text-danger", missing: "text-muted" }[i.status])}>
              {{ ready: "Ready", month: "Check the month", blocked: "Has errors", missing: "Not included" }[i.status]}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Each status's badge: its colour and its mark (a tick, "!", a cross); a missing table has none. */
const MARKS: Record<Exclude<ChecklistItem["status"], "missing">, { bg: string; size: string; path: string }> = {
  ready: { bg: "bg-success", size: "size-3.5", path: "m3.5 8.5 3 3 6-7" },
  month: { bg: "bg-warning", size: "size-3", path: "M8 4v5M8 11.5v.5" },
  blocked: { bg: "bg-danger", size: "size-3", path: "M4 4l8 8M12 4l-8 8" },
};

function StatusMark({ status }: { status: ChecklistItem["status"] }) {
  if (status === "missing") return <span className="size-5 rounded-full border-2 border-dashed border-border" aria-hidden />;
  const m = MARKS[status];
  return (
    <span className={cn("flex size-5 items-center justify-center rounded-full text-white dark:text-bg", m.bg)} aria-hidden>
      <svg viewBox="0 0 16 16" className={m.size} fill="none" stroke="currentColor" strokeWidth={2.4}>
        <path d={m.path} strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    </span>
  );
}
