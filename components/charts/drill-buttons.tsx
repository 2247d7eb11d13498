"use client";

/**
 * A chart's drill-down without a mouse: one button per bar, in the bars' order, after the chart. The
 * bars themselves are SVG shapes a keyboard cannot reach; these filter the dashboard the same way.
 */
export function DrillButtons({ label, items, onPick }: { label: string; items: { value: string; label: string }[]; onPick: (value: string) => void }) {
  if (items.length === 0) return null;
  return (
    <div className="mt-3 flex flex-wrap items-baseline gap-x-2 gap-y-1.5 text-xs">
      <span className="text-muted" aria-hidden>
        {label}:
      </span>
      <ul aria-label={label} className="flex min-w-0 flex-wrap gap-1.5">
        {items.map((i) => (
          <li key={i.value} className="min-w-0">
            <button
              type="button"
              onClick={() => onPick(i.value)}
              title={i.label}
              className="max-w-56 truncate rounded-full border border-border bg-surface px-2.5 py-0.5 text-fg hover:bg-surface-2"
            >
              {i.label}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
