"use client";

import { useState } from "react";
import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { RangeMonth } from "@/lib/analytics/range-types";
import { AXIS_TICK, GRID_STROKE, TooltipBox } from "./chart-tooltip";
import { fmtCompact, fmtDelta, fmtInt, money, monthLabel, type Money } from "./format";

const metrics = ({ fmtMoney, fmtMoneyCompact }: Money) =>
  ({
    revenue: { label: "Revenue", fmt: fmtMoney, axis: fmtMoneyCompact },
    orders: { label: "Orders", fmt: fmtInt, axis: fmtCompact },
    buyers: { label: "Buyers", fmt: fmtInt, axis: fmtCompact },
    aov: { label: "Average order value", fmt: fmtMoney, axis: fmtMoneyCompact },
  }) as const;
type Metric = keyof ReturnType<typeof metrics>;

const change = (x: number | null | undefined) => (x === null || x === undefined ? "—" : fmtDelta(x));

/** One metric per month of the range, with month-over-month and year-over-year change in the tooltip. */
export function TrendChart({ months, currency }: { months: RangeMonth[]; currency: string }) {
  const [metric, setMetric] = useState<Metric>("revenue");
  const METRICS = metrics(money(currency));
  const m = METRICS[metric];
  const rows = months.map((x) => ({ ...x, label: monthLabel(x.month, "short"), value: x[metric] }));
  return (
    <div>
      <div role="group" aria-label="Trend metric" className="mb-3 flex flex-wrap gap-1">
        {(Object.keys(METRICS) as Metric[]).map((k) => (
          <button
            key={k}
            type="button"
            aria-pressed={k === metric}
            onClick={() => setMetric(k)}
            className="rounded-md border border-border px-2.5 py-1 text-xs font-medium text-muted aria-pressed:bg-accent aria-pressed:text-white"
          >
            {METRICS[k].label}
          </button>
        ))}
      </div>
      <div role="img" aria-label={`${m.label} trend: ${rows.map((r) => `${r.label} ${r.value === null ? "n/a" : m.fmt(r.value)}`).join(", ")}`}>
        <LineChart responsive style={{ width: "100%", height: 280 }} data={rows} margin={{ top: 8, right: 12, left: 0, bottom: 0 }}>
          <CartesianGrid vertical={false} stroke={GRID_STROKE} />
          <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={{ stroke: GRID_STROKE }} />
          <YAxis tickFormatter={m.axis} tick={AXIS_TICK} tickLine={false} axisLine={false} width="auto" />
          <Tooltip
            content={({ active, payload }) => {
              const p = active ? (payload?.[0]?.payload as (typeof rows)[number] | undefined) : undefined;
              if (!p) return null;
              return (
                <TooltipBox
                  title={monthLabel(p.month)}
                  rows={[
                    { label: m.label, value: p.value === null ? "—" : m.fmt(p.value), color: "var(--accent)" },
                    { label: "vs previous month", value: change(p.mom?.[metric]) },
                    { label: "vs a year earlier", value: change(p.yoy?.[metric]) },
                  ]}
                />
              );
            }}
          />
          <Line dataKey="value" name={m.label} stroke="var(--accent)" strokeWidth={2} dot={{ r: 3 }} connectNulls={false} isAnimationActive={false} />
        </LineChart>
      </div>
    </div>
  );
}
