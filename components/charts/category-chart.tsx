"use client";

import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";
import { AXIS_TICK, GRID_STROKE, TooltipBox } from "./chart-tooltip";
import { DrillButtons } from "./drill-buttons";
import { useDrillDown, type DrillDown } from "./use-drill-down";
import { categoryRows, type CategoryRow } from "./category-rows";
import { fmtInt, fmtPct, money } from "./format";

export interface CategoryPoint {
  category: string;
  units: number;
  sales: number;
  /** Over the lines with a known product cost; null when none has one (no bar, not a zero bar). */
  margin: number | null;
  /** Sales of the lines with a known cost, and their share of the category's sales. */
  salesWithCost: number;
  marginCoverage: number | null;
}

/** "$12.00 on 40% of sales", or why there is no margin. */
function marginText(p: CategoryPoint, fmtMoney: (n: number) => string): string {
  if (p.margin === null) return "not available (no product cost)";
  const partial = p.marginCoverage !== null && p.marginCoverage < 1 ? ` on ${fmtPct(p.marginCoverage, 0)} of sales` : "";
  return `${fmtMoney(p.margin)}${partial}`;
}

/** A shop's category may be long: the axis shows its start, the tooltip all of it. */
const shortLabel = (name: string) => (name.length > 32 ? `${name.slice(0, 31)}…` : name);

/** Sales and margin per product category, largest sales first; past ten, the rest as one "Other" bar. */
export function CategoryChart({ data, drill, currency }: { data: CategoryPoint[]; drill?: DrillDown; currency: string }) {
  const onPick = useDrillDown(drill);
  const { fmtMoney, fmtMoneyCompact } = money(currency);
  // The "Other" bar is many categories: it filters to none of them.
  const pick = onPick ? (d: { payload?: CategoryRow }) => d.payload && !d.payload.others && onPick(d.payload.category) : undefined;
  const rows = categoryRows(data);
  const height = Math.max(220, rows.length * 44 + 60);
  return (
    <>
      <div role="img" aria-label={`Sales and margin by category: ${rows.map((r) => `${r.category} ${fmtMoney(r.sales)} sales, margin ${marginText(r, fmtMoney)}`).join("; ")}`}>
        <BarChart responsive layout="vertical" style={{ width: "100%", height }} data={rows} margin={{ top: 0, right: 12, left: 0, bottom: 0 }} barGap={2}>
          <CartesianGrid horizontal={false} stroke={GRID_STROKE} />
          <XAxis type="number" tickFormatter={fmtMoneyCompact} tick={AXIS_TICK} tickLine={false} axisLine={false} />
          <YAxis type="category" dataKey="category" tick={AXIS_TICK} tickLine={false} axisLine={false} width="auto" tickFormatter={shortLabel} />
          <Tooltip
            cursor={{ fill: "var(--surface-2)" }}
            content={({ active, payload }) => {
              const p = active ? (payload?.[0]?.payload as CategoryRow | undefined) : undefined;
              if (!p) return null;
              return (
                <TooltipBox
                  title={onPick && !p.others ? `${p.category} · click to filter` : p.category}
                  rows={[
                    { label: "Sales", value: fmtMoney(p.sales), color: "var(--accent)" },
                    { label: "Margin", value: marginText(p, fmtMoney), color: "var(--success)" },
                    ...(p.margin !== null && p.salesWithCost ? [{ label: "Margin rate", value: fmtPct(p.margin / p.salesWithCost) }] : []),
                    { label: "Units", value: fmtInt(p.units) },
                  ]}
                />
              );
            }}
          />
          <Legend iconType="square" iconSize={10} wrapperStyle={{ fontSize: 12, color: "var(--muted)" }} />
          <Bar dataKey="sales" name="Sales" fill="var(--accent)" radius={[0, 4, 4, 0]} maxBarSize={16} cursor={pick ? "pointer" : undefined} onClick={pick} />
          <Bar dataKey="margin" name="Margin" fill="var(--success)" radius={[0, 4, 4, 0]} maxBarSize={16} cursor={pick ? "pointer" : undefined} onClick={pick} />
        </BarChart>
      </div>
      {onPick ? (
        <DrillButtons label="Filter to a category" items={rows.filter((r) => !r.others).map((r) => ({ value: r.category, label: r.category }))} onPick={onPick} />
      ) : null}
    </>
  );
}
