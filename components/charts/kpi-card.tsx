import { cn } from "@/components/ui/cn";
import { fmtDelta } from "./format";

/**
 * One headline number. The card is a named region (its title) and the value carries the exact,
 * unrounded number in `data-value`, so tests and tools read the number the screen rounds.
 */
export function KpiCard({
  title,
  value,
  display,
  delta,
  previousLabel,
  hint,
  noDeltaText = "No earlier month to compare",
}: {
  title: string;
  value: number | null;
  display: string;
  /** Month-over-month change as a fraction; null = no previous month to compare with. */
  delta: number | null;
  previousLabel: string;
  hint?: string;
  /** Said instead of a change when there is none (a range has no single previous month). */
  noDeltaText?: string;
}) {
  const id = `kpi-${title.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  const tone = delta === null || Math.abs(delta) < 0.0005 ? "neutral" : delta > 0 ? "up" : "down";
  return (
    <div role="region" aria-labelledby={id} className="rounded-lg border border-border bg-surface p-5 shadow-sm">
      <h2 id={id} className="text-sm font-medium text-muted">
        {title}
      </h2>
      <p data-value={value === null ? "" : String(value)} className="mt-2 text-2xl font-semibold tracking-tight text-fg tabular-nums sm:text-3xl" title={value === null ? undefined : String(value)}>
        {display}
      </p>
      <div className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs">
        {delta === null ? (
          <span className="text-muted">{noDeltaText}</span>
        ) : (
          <>
            <span
              data-delta={String(delta)}
              className={cn(
                "inline-flex items-center gap-0.5 rounded-full px-1.5 py-0.5 font-medium tabular-nums",
                tone === "up" && "bg-success-soft text-success",
                tone === "down" && "bg-danger-soft text-danger",
                tone === "neutral" && "bg-surface-2 text-muted",
              )}
            >
              <span aria-hidden>{tone === "up" ? "▲" : tone === "down" ? "▼" : "•"}</span>
              {fmtDelta(delta)}
            </span>
            <span className="text-muted">vs {previousLabel}</span>
          </>
        )}
      </div>
      {hint ? <p className="mt-1 text-xs text-muted">{hint}</p> : null}
    </div>
  );
}
