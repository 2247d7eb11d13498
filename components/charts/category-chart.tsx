"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, GRID_STROKE, TooltipBox } from "./chart-tooltip";
import { fmtInt, fmtMoney, fmtMoneyCompact, fmtPct } from "./format";

export interface CategoryPoint {
  category: string;
  units: number;
  sales: number;
  margin: number;
}

/** Sales and margin per product category, largest sales first. */
export function CategoryChart({ data }: { data: CategoryPoint[] }) {
  const rows = [...data].sort((a, b) => b.sales - a.sales);
  const height = Math.max(220, rows.length * 44 + 60);
  return (
    <div role="img" aria-label={`Sales and margin by category: ${rows.map((r) => `${r.category} ${fmtMoney(r.sales)} sales, ${fmtMoney(r.margin)} margin`).join("; ")}`}>
      <BarChart responsive layout="vertical" style={{ width: "100%", height }} data={rows} margin={{ top: 0, right: 12, left: 0, bottom: 0 }} barGap={2}>
        <CartesianGrid horizontal={false} stroke={GRID_STROKE} />
        <XAxis type="number" tickFormatter={fmtMoneyCompact} tick={AXIS_TICK} tickLine={false} axisLine={false} />
        <YAxis type="category" dataKey="category" tick={AXIS_TICK} tickLine={false} axisLine={false} width="auto" />
        <Tooltip
          cursor={{ fill: "var(--surface-2)" }}
          content={({ active, payload }) => {
            const p = active ? (payload?.[0]?.payload as CategoryPoint | undefined) : undefined;
            if (!p) return null;
            return (
              <TooltipBox
                title={p.category}
                rows={[
                  { label: "Sales", value: fmtMoney(p.sales), color: "var(--accent)" },
                  { label: "Margin", value: `${fmtMoney(p.margin)} (${fmtPct(p.sales ? p.margin / p.sales : null)})`, color: "var(--success)" },
                  { label: "Units", value: fmtInt(p.units) },
                ]}
              />
            );
          }}
        />
        <Legend iconType="square" iconSize={10} wrapperStyle={{ fontSize: 12, color: "var(--muted)" }} />
        <Bar dataKey="sales" name="Sales" fill="var(--accent)" radius={[0, 4, 4, 0]} maxBarSize={16} />
        <Bar dataKey="margin" name="Margin" fill="var(--success)" radius={[0, 4, 4, 0]} maxBarSize={16} />
      </BarChart>
    </div>
  );
}
