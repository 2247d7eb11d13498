import { cn } from "@/components/ui/cn";
import { fmtInt, fmtPct } from "./format";

export type FunnelStepKey = "sessions" | "browsed" | "cart" | "checkout" | "purchased";

export interface FunnelData {
  sessions: number;
  browsed: number;
  cart: number;
  checkout: number;
  purchased: number;
  biggestDrop: { from: FunnelStepKey; to: FunnelStepKey } | null;
}

const STEPS: { key: FunnelStepKey; label: string }[] = [
  { key: "sessions", label: "Sessions" },
  { key: "browsed", label: "Browsed" },
  { key: "cart", label: "Added to cart" },
  { key: "checkout", label: "Checkout" },
  { key: "purchased", label: "Purchased" },
];

/**
 * Sessions → Purchased as bars relative to all sessions, with each step's conversion and drop; the pair
 * with the lowest conversion (the biggest drop) is marked. Plain HTML: readable without JavaScript.
 */
export function Funnel({ data }: { data: FunnelData }) {
  const top = data.sessions || 1;
  return (
    <ol className="space-y-1" aria-label="Funnel steps">
      {STEPS.map((step, i) => {
        const count = data[step.key];
        const prev = i > 0 ? STEPS[i - 1]! : null;
        const prevCount = prev ? data[prev.key] : null;
        const conversion = prevCount ? count / prevCount : null;
        const isBiggest = Boolean(prev && data.biggestDrop && data.biggestDrop.from === prev.key && data.biggestDrop.to === step.key);
        return (
          <li key={step.key} data-step={step.key}>
            {prev ? (
              <div
                data-biggest-drop={isBiggest || undefined}
                className={cn(
                  "my-1 ml-3 flex flex-wrap items-center gap-x-3 gap-y-1 border-l-2 py-1 pl-4 text-xs",
                  isBiggest ? "border-danger text-danger" : "border-border text-muted",
                )}
              >
                <span>
                  <span className="font-medium tabular-nums">{fmtPct(conversion)}</span> continue
                </span>
                <span>
                  <span className="font-medium tabular-nums">{fmtPct(conversion === null ? null : 1 - conversion)}</span> drop
                </span>
                {isBiggest ? (
                  <span className="rounded-full bg-danger-soft px-2 py-0.5 font-semibold text-danger">Biggest drop</span>
                ) : null}
              </div>
            ) : null}
            <div className="flex items-center gap-3">
              <span className="w-24 shrink-0 text-sm text-fg sm:w-28">{step.label}</span>
              <div className="relative h-7 min-w-0 flex-1 overflow-hidden rounded bg-surface-2">
                <div
                  className={cn("h-full rounded", isBiggest ? "bg-danger/80" : "bg-accent")}
                  style={{ width: `${Math.max(0.5, (count / top) * 100)}%`, opacity: 1 - i * 0.12 }}
                />
              </div>
              <span className="w-[6.5rem] shrink-0 text-right text-sm whitespace-nowrap tabular-nums">
                <span className="font-medium text-fg" data-value={count}>
                  {fmtInt(count)}
                </span>{" "}
                <span className="text-xs text-muted">{fmtPct(count / top)}</span>
              </span>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
