import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { DownloadIcon } from "@/components/ui/icons";

/**
 * A dashboard panel: title, one line of context, a CSV download of exactly the numbers drawn.
 * Deliberately not a named region: only the KPI cards are regions (tests find them by name).
 */
export function ChartCard({
  title,
  description,
  csvHref,
  children,
  className,
  actions,
}: {
  title: string;
  description?: ReactNode;
  csvHref?: string;
  children: ReactNode;
  className?: string;
  actions?: ReactNode;
}) {
  return (
    <div className={cn("flex min-w-0 flex-col rounded-lg border border-border bg-surface shadow-sm", className)}>
      <div className="flex items-start justify-between gap-3 px-5 pt-4">
        <div className="min-w-0 flex-1">
          <h2 className="text-base font-semibold text-fg">{title}</h2>
          {description ? <p className="mt-0.5 text-sm text-muted">{description}</p> : null}
        </div>
        <div className="flex shrink-0 items-center gap-2">
          {actions}
          {csvHref ? (
            <a
              href={csvHref}
              download
              className="inline-flex h-8 items-center gap-1.5 rounded-md border border-border px-2.5 text-xs font-medium text-muted hover:bg-surface-2 hover:text-fg"
              aria-label={`Download ${title} as CSV`}
            >
              <DownloadIcon className="size-3.5" />
              CSV
            </a>
          ) : null}
        </div>
      </div>
      <div className="min-w-0 flex-1 px-5 pt-3 pb-5">{children}</div>
    </div>
  );
}
