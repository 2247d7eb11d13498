"use client";

import { Bar, BarChart, CartesianGrid, Cell, Tooltip, XAxis, YAxis } from "recharts";
import { DrillButtons } from "./drill-buttons";
import { useDrillDown, type DrillDown } from "./use-drill-down";
import { AXIS_TICK, GRID_STROKE, TooltipBox } from "./chart-tooltip";
import { fmtPct, money } from "./format";

export interface BreakdownPoint {
  key: string;
  label: string;
  revenue: number;
}

/** Revenue split by one dimension (country, channel): horizontal bars with each bar's share. */
export function BreakdownChart({
  data,
  title,
  color = "var(--accent)",
  max = 10,
  drill,
  currency,
}: {
  data: BreakdownPoint[];
  title: string;
  currency: string;
  color?: string;
  max?: number;
  /** Clicking a bar filters the dashboard to it. */
  drill?: DrillDown;
}) {
  const onPick = useDrillDown(drill);
  const { fmtMoney, fmtMoneyCompact } = money(currency);
  const total = data.reduce((s, d) => s + d.revenue, 0);
  const sorted = [...data].sort((a, b) => b.revenue - a.revenue);
  const top = sorted.slice(0, max);
  const rest = sorted.slice(max);
  const rows = rest.length
    ? [...top, { key: "_other", label: `Other (${rest.length})`, revenue: rest.reduce((s, d) => s + d.revenue, 0) }]
    : top;
  const height = Math.max(180, rows.length * 30 + 30);
  return (
    <>
      <div role="img" aria-label={`${title}: ${rows.map((r) => `${r.label} ${fmtMoney(r.revenue)}`).join(", ")}`}>
        <BarChart responsive layout="vertical" style={{ width: "100%", height }} data={rows} margin={{ top: 0, right: 12, left: 0, bottom: 0 }}>
          <CartesianGrid horizontal={false} stroke={GRID_STROKE} />
          <XAxis type="number" tickFormatter={fmtMoneyCompact} tick={AXIS_TICK} tickLine={false} axisLine={false} />
          <YAxis type="category" dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={false} width="auto" interval={0} />
          <Tooltip
            cursor={{ fill: "var(--surface-2)" }}
            content={({ active, payload }) => {
              const p = active ? (payload?.[0]?.payload as BreakdownPoint | undefined) : undefined;
              if (!p) return null;
              const rows = [{ label: "Revenue", value: fmtMoney(p.revenue), color }, { label: "Share", value: fmtPct(total ? p.revenue / total : null) }];
              return <TooltipBox title={onPick && p.key !== "_other" ? `${p.label} · click to filter` : p.label} rows={rows} />;
            }}
          />
          <Bar
            dataKey="revenue"
            name="Revenue"
            radius={[0, 4, 4, 0]}
            maxBarSize={18}
            cursor={onPick ? "pointer" : undefined}
            onClick={(d: { payload?: BreakdownPoint }) => d.payload && d.payload.key !== "_other" && onPick?.(d.payload.key)}
          >
            {rows.map((r) => (
              <Cell key={r.key} fill={r.key === "_other" ? "var(--border)" : color} />
            ))}
          </Bar>
        </BarChart>
      </div>
      {onPick && drill ? (
        <DrillButtons label={`Filter to a ${drill.filter}`} items={rows.filter((r) => r.key !== "_other").map((r) => ({ value: r.key, label: r.label }))} onPick={onPick} />
      ) : null}
    </>
  );
}
