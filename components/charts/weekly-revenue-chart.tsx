"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, GRID_STROKE, TooltipBox } from "./chart-tooltip";
import { fmtInt, money } from "./format";

export interface WeeklyPoint {
  week: string;
  weekStart: string;
  revenue: number;
  orders: number;
}

/** Revenue per ISO week touching the month (only the month's days count). */
export function WeeklyRevenueChart({ data, currency }: { data: WeeklyPoint[]; currency: string }) {
  const { fmtMoney, fmtMoneyCompact } = money(currency);
  const rows = data.map((w) => ({ ...w, label: weekLabel(w) }));
  return (
    <div role="img" aria-label={`Weekly revenue: ${rows.map((r) => `${r.label} ${fmtMoney(r.revenue)}`).join(", ")}`}>
      <BarChart responsive style={{ width: "100%", height: 300 }} data={rows} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} />
        <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={{ stroke: GRID_STROKE }} />
        <YAxis tickFormatter={fmtMoneyCompact} tick={AXIS_TICK} tickLine={false} axisLine={false} width="auto" />
        <Tooltip
          cursor={{ fill: "var(--surface-2)" }}
          content={({ active, payload }) => {
            const p = active ? (payload?.[0]?.payload as (WeeklyPoint & { label: string }) | undefined) : undefined;
            if (!p) return null;
            return (
              <TooltipBox
                title={`${p.week} · from ${p.weekStart}`}
                rows={[
                  { label: "Revenue", value: fmtMoney(p.revenue), color: "var(--accent)" },
                  { label: "Orders", value: fmtInt(p.orders) },
                ]}
              />
            );
          }}
        />
        <Bar dataKey="revenue" name="Revenue" fill="var(--accent)" radius={[4, 4, 0, 0]} maxBarSize={56} />
      </BarChart>
    </div>
  );
}

function weekLabel(w: WeeklyPoint): string {
  const m = /W(\d{1,2})$/.exec(w.week);
  const d = new Date(`${w.weekStart}T00:00:00Z`);
  const day = Number.isNaN(d.getTime()) ? w.weekStart : d.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  return m ? `W${Number(m[1])} · ${day}` : day;
}
