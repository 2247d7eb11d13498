import type { MonthKpis, NotAvailable } from "./types";

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "n/a" : `${(v * 100).toFixed(1)}%`);
/** "not available (no sessions, no events)": the tables the month never received. */
const notAvailable = (n: NotAvailable) => `not available (${n.missing.map((t) => `no ${t}`).join(", ")})`;

/** The `kpis` CLI's text output: one line per topic, every missing number spelled out (never `undefined`). */
export function kpisText(k: MonthKpis): string[] {
  const f = k.funnel;
  const drop = f.available && f.biggestDrop ? `biggest drop ${f.biggestDrop.from} → ${f.biggestDrop.to} (${pct(f.biggestDrop.drop)})` : "no drop to compare";
  const s = k.heatmap.sessions;
  const p = k.postSale;
  return [
    k.revenue === null
      ? `${k.month}: revenue, orders, buyers and AOV not available (no orders)`
      : `${k.month}: revenue ${k.revenue.toFixed(2)} (${pct(k.mom?.revenue)} MoM), orders ${k.orders}, buyers ${k.buyers}, AOV ${k.aov?.toFixed(2) ?? "n/a"}`,
    f.available ? `funnel: ${f.sessions} → ${f.browsed} → ${f.cart} → ${f.checkout} → ${f.purchased}; ${drop}` : `funnel: ${notAvailable(f)}`,
    `sessions heatmap: ${s.available ? `${s.cells.reduce((n, c) => n + c[2], 0)} sessions` : notAvailable(s)}`,
    p.available
      ? `post-sale review share: ${pct(p.reviewShare)} (${p.reviewedOrders} of ${k.orders} orders; grows as later months load)`
      : `post-sale review share: ${notAvailable(p)}`,
    `margin: ${k.missing.includes("orders") || k.missing.includes("order_items") ? "not available (no orders or no order lines)" : marginText(k.margin)}`,
    ...k.categories.map(
      (c) =>
        `  ${c.category.padEnd(20)} units ${c.units}  sales ${c.sales.toFixed(2)}  margin ${c.margin === null ? "not available (no cost)" : `${c.margin.toFixed(2)} on ${pct(c.marginCoverage)} of sales`}`,
    ),
  ];
}

function marginText(m: MonthKpis["margin"]): string {
  if (m.coverage === null) return "no sales";
  if (m.value === null) return "not available (no product cost known)";
  return `${m.value.toFixed(2)} on ${pct(m.coverage)} of sales (lines with a known product cost)`;
}
