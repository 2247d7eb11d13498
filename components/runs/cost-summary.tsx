import type { CostDto } from "@/lib/portal/run-types";
import { formatUsd } from "@/lib/cost/estimate";

/** "≈ $0.0123 on AWS" with a breakdown that opens on click (details/summary, no JS). */
export function CostSummary({ cost }: { cost: CostDto }) {
  return (
    <details className="group relative">
      <summary className="cursor-pointer list-none rounded text-sm text-muted marker:hidden hover:text-fg [&::-webkit-details-marker]:hidden">
        <span className="font-medium text-fg" data-usd={cost.totalUsd}>
          ≈ {formatUsd(cost.totalUsd)}
        </span>{" "}
        on AWS <span className="text-xs underline decoration-dotted">breakdown</span>
      </summary>
      <div className="absolute right-0 z-20 mt-2 w-80 max-w-[90vw] rounded-lg border border-border bg-surface p-4 text-sm shadow-lg sm:left-0 sm:right-auto">
        <p className="mb-2 font-medium text-fg">Estimated AWS cost of this run</p>
        <ul className="space-y-1.5">
          {cost.lines.map((l) => (
            <li key={l.service} className="flex justify-between gap-4">
              <span>
                <span className="text-fg">{l.service}</span>
                <span className="block text-xs text-muted">{l.detail}</span>
              </span>
              <span className="tabular-nums text-fg">{formatUsd(l.usd)}</span>
            </li>
          ))}
        </ul>
        <p className="mt-3 border-t border-border pt-2 text-xs text-muted">{cost.assumptions}</p>
      </div>
    </details>
  );
}
