"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import type { CustomerMix } from "@/lib/analytics/range-types";
import { AXIS_TICK, GRID_STROKE, TooltipBox } from "./chart-tooltip";
import { fmtCompact, fmtInt, fmtPct, monthLabel } from "./format";

/** New and returning buyers per month, stacked (their sum is the month's buyers). */
export function CustomerMixChart({ data }: { data: CustomerMix[] }) {
  const rows = data.map((d) => ({ ...d, label: monthLabel(d.month, "short") }));
  return (
    <div role="img" aria-label={`New and returning buyers: ${rows.map((r) => `${r.label} ${r.newBuyers} new, ${r.returningBuyers} returning`).join("; ")}`}>
      <BarChart responsive style={{ width: "100%", height: 260 }} data={rows} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
        <CartesianGrid vertical={false} stroke={GRID_STROKE} />
        <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={{ stroke: GRID_STROKE }} />
        <YAxis tickFormatter={fmtCompact} tick={AXIS_TICK} tickLine={false} axisLine={false} width="auto" />
        <Tooltip
          cursor={{ fill: "var(--surface-2)" }}
          content={({ active, payload }) => {
            const p = active ? (payload?.[0]?.payload as (typeof rows)[number] | undefined) : undefined;
            if (!p) return null;
            const all = p.newBuyers + p.returningBuyers;
            return (
              <TooltipBox
                title={monthLabel(p.month)}
                rows={[
                  { label: "New", value: fmtInt(p.newBuyers), color: "var(--accent)" },
                  { label: "Returning", value: fmtInt(p.returningBuyers), color: "var(--info)" },
                  { label: "Returning share", value: fmtPct(all ? p.returningBuyers / all : null) },
                ]}
              />
            );
          }}
        />
        <Legend iconType="square" iconSize={10} wrapperStyle={{ fontSize: 12, color: "var(--muted)" }} />
        <Bar dataKey="newBuyers" name="New" stackId="b" fill="var(--accent)" maxBarSize={48} />
        <Bar dataKey="returningBuyers" name="Returning" stackId="b" fill="var(--info)" radius={[4, 4, 0, 0]} maxBarSize={48} />
      </BarChart>
    </div>
  );
}
