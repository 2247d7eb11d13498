"use client";

import { useState } from "react";
import { cn } from "@/components/ui/cn";
import type { MaybeAvailable } from "@/lib/analytics/types";
import { DAY_NAMES, fmtInt } from "./format";
import { NotAvailable } from "./not-available";

type Cell = [number, number, number];
type Side = MaybeAvailable<{ cells: Cell[] }>;

/**
 * Day of week × hour of day (business time), sessions or orders; darker = busier. Without the month's
 * sessions (or orders) that view says why instead of drawing an empty grid; the other is a click away.
 */
export function ActivityHeatmap({ sessions, orders }: { sessions: Side; orders: Side }) {
  const [metric, setMetric] = useState<"sessions" | "orders">(sessions.available || !orders.available ? "sessions" : "orders");
  const shown = metric === "sessions" ? sessions : orders;
  const cells = shown.available ? shown.cells : [];
  const grid: number[][] = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  for (const [dow, hour, n] of cells) {
    if (dow >= 1 && dow <= 7 && hour >= 0 && hour < 24) grid[dow - 1]![hour] = n;
  }
  const max = Math.max(1, ...grid.flat());
  let peak = { d: 0, h: 0, n: -1 };
  grid.forEach((row, d) => row.forEach((n, h) => (n > peak.n ? (peak = { d, h, n }) : null)));
  const noun = metric === "sessions" ? "sessions" : "orders";

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <div role="group" aria-label="Heatmap metric" className="inline-flex rounded-md border border-border bg-surface-2 p-0.5">
          {(["sessions", "orders"] as const).map((m) => (
            <button
              key={m}
              type="button"
              aria-pressed={metric === m}
              onClick={() => setMetric(m)}
              className={cn(
                "rounded px-3 py-1 text-xs font-medium transition-colors",
                metric === m ? "bg-surface text-fg shadow-sm" : "text-muted hover:text-fg",
              )}
            >
              {m === "sessions" ? "Sessions" : "Orders"}
            </button>
          ))}
        </div>
        {!shown.available ? null : (
          <p className="text-xs text-muted">
            Busiest: <span className="font-medium text-fg">{DAY_NAMES[peak.d]} {String(peak.h).padStart(2, "0")}:00</span> · {fmtInt(Math.max(0, peak.n))} {noun}
          </p>
        )}
      </div>
      {!shown.available ? (
        <NotAvailable reason={shown.reason} />
      ) : (
        <Grid grid={grid} max={max} noun={noun} peak={peak} />
      )}
    </div>
  );
}

function Grid({ grid, max, noun, peak }: { grid: number[][]; max: number; noun: string; peak: { d: number; h: number; n: number } }) {
  return (
    <>
      <div className="overflow-x-auto">
        <div
          role="img"
          aria-label={`${noun} by day and hour; busiest ${DAY_NAMES[peak.d]} ${peak.h}:00 with ${Math.max(0, peak.n)}`}
          className="grid min-w-[36rem] gap-[3px]"
          style={{ gridTemplateColumns: "2.5rem repeat(24, minmax(0, 1fr))" }}
        >
          <span />
          {Array.from({ length: 24 }, (_, h) => (
            <span key={h} className="text-center text-[10px] text-muted tabular-nums">
              {h % 3 === 0 ? h : ""}
            </span>
          ))}
          {grid.map((row, d) => (
            <Row key={d} day={DAY_NAMES[d]!} row={row} max={max} noun={noun} />
          ))}
        </div>
      </div>
      <div className="mt-3 flex items-center justify-end gap-2 text-[11px] text-muted">
        <span>0</span>
        <span className="h-2 w-28 rounded-full" style={{ background: "linear-gradient(to right, var(--surface-2), var(--accent))" }} aria-hidden />
        <span>{fmtInt(max)}</span>
      </div>
    </>
  );
}

function Row({ day, row, max, noun }: { day: string; row: number[]; max: number; noun: string }) {
  return (
    <>
      <span className="self-center text-[11px] text-muted">{day}</span>
      {row.map((n, h) => {
        const t = n / max;
        return (
          <span
            key={h}
            title={`${day} ${String(h).padStart(2, "0")}:00 — ${fmtInt(n)} ${noun}`}
            className="aspect-square min-h-4 rounded-[3px]"
            style={{ background: n === 0 ? "var(--surface-2)" : `color-mix(in oklab, var(--accent) ${Math.round(12 + t * 88)}%, var(--surface-2))` }}
          />
        );
      })}
    </>
  );
}
