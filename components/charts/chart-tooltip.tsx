"use client";

import type { ReactNode } from "react";

/** Tooltip body in the portal's colours (Recharts' default is white-on-white in dark mode). */
export function TooltipBox({ title, rows }: { title: ReactNode; rows: { label: string; value: string; color?: string }[] }) {
  return (
    <div className="rounded-md border border-border bg-surface px-3 py-2 text-xs shadow-lg">
      <p className="mb-1 font-medium text-fg">{title}</p>
      {rows.map((r) => (
        <p key={r.label} className="flex items-center gap-2 text-muted">
          {r.color ? <span className="size-2 rounded-sm" style={{ background: r.color }} aria-hidden /> : null}
          <span>{r.label}</span>
          <span className="ml-auto pl-3 font-medium text-fg tabular-nums">{r.value}</span>
        </p>
      ))}
    </div>
  );
}

export const AXIS_TICK = { fill: "var(--muted)", fontSize: 12 } as const;
export const GRID_STROKE = "var(--border)";
