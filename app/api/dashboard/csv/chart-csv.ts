import { monthLacks } from "@/lib/analytics/assemble";
import type { MonthKpis, OptionalTable } from "@/lib/analytics/types";
import { toCsv, type CsvValue } from "@/lib/http/csv";

/** The CSV behind each dashboard chart: exactly the numbers drawn, unrounded. */
export const CHARTS = ["kpis", "weekly", "categories", "funnel", "country", "channel", "heatmap"] as const;
export type ChartName = (typeof CHARTS)[number];

type Cell = CsvValue;

/** A number the month cannot have (a table it never received, a margin without any cost): never 0 or blank. */
export const NOT_AVAILABLE = "not available";

export function chartCsv(k: MonthKpis, chart: ChartName): string {
  // A chart built on a table the month never received: one row that says so, not an empty file.
  const lacking = (tables: OptionalTable[], cells: number) =>
    tables.some((t) => k.missing.includes(t)) ? [[k.month, ...Array<Cell>(cells).fill(NOT_AVAILABLE)]] : null;
  switch (chart) {
    case "kpis": {
      const share = k.postSale.available ? k.postSale.reviewShare : NOT_AVAILABLE;
      return csv(
        ["month", "metric", "value", "mom_change", "note"],
        [
          ...(["revenue", "orders", "buyers", "aov"] as const).map((m): Cell[] =>
            k.orders === null ? [k.month, m, NOT_AVAILABLE, null, monthLacks(["orders"])] : [k.month, m, k[m], k.mom?.[m] ?? null, null]),
          [k.month, "margin", k.margin.value ?? NOT_AVAILABLE, null, "over the lines whose product cost is known"],
          [k.month, "margin_coverage", k.margin.coverage, null, "share of sales with a known product cost"],
          [k.month, "post_sale_review_share", share, null, k.postSale.available ? k.postSale.note : k.postSale.reason],
        ],
      );
    }
    case "weekly":
      return csv(["month", "iso_week", "week_start", "revenue", "orders"], lacking(["orders"], 4) ?? k.weekly.map((w) => [k.month, w.week, w.weekStart, w.revenue, w.orders]));
    case "categories":
      return csv(
        ["month", "category", "units", "sales", "sales_with_cost", "margin", "margin_coverage"],
        lacking(["orders", "order_items"], 6) ?? k.categories.map((c) => [k.month, c.category, c.units, c.sales, c.salesWithCost, c.margin ?? NOT_AVAILABLE, c.marginCoverage]),
      );
    case "funnel": {
      const order = ["sessions", "browsed", "cart", "checkout", "purchased"] as const;
      const f = k.funnel;
      return csv(
        ["month", "step", "sessions_reaching", "conversion_from_previous", "drop_from_previous", "biggest_drop", "note"],
        order.map((s, i) => {
          if (!f.available) return [k.month, s, NOT_AVAILABLE, NOT_AVAILABLE, NOT_AVAILABLE, null, f.reason];
          const pair = i > 0 ? f.steps.find((p) => p.to === s) : undefined;
          const biggest = f.biggestDrop?.to === s;
          return [k.month, s, f[s], pair?.conversion ?? null, pair?.drop ?? null, i > 0 ? String(biggest) : null, null];
        }),
      );
    }
    case "country":
      return csv(["month", "country", "revenue"], lacking(["orders"], 2) ?? sortedEntries(k.revenueByCountry).map(([c, v]) => [k.month, c, v]));
    case "channel":
      return csv(["month", "channel", "revenue"], lacking(["orders"], 2) ?? sortedEntries(k.revenueByChannel).map(([c, v]) => [k.month, c, v]));
    case "heatmap": {
      // Every cell of the week, each side's count or "not available" with its reason.
      const { sessions: s, orders: o } = k.heatmap;
      const count = (side: MonthKpis["heatmap"]["sessions"]) => {
        const byCell = new Map(side.available ? side.cells.map(([d, h, n]) => [`${d}:${h}`, n]) : []);
        return (d: number, h: number): Cell => (side.available ? (byCell.get(`${d}:${h}`) ?? 0) : NOT_AVAILABLE);
      };
      const [sessions, orders] = [count(s), count(o)];
      const note = [s.available ? null : `sessions: ${s.reason}`, o.available ? null : `orders: ${o.reason}`].filter(Boolean).join("; ") || null;
      const cells = Array.from({ length: 7 * 24 }, (_, i) => [Math.floor(i / 24) + 1, i % 24] as const);
      return csv(["month", "day_of_week", "hour", "sessions", "orders", "note"], cells.map(([d, h]) => [k.month, d, h, sessions(d, h), orders(d, h), note]));
    }
  }
}

const sortedEntries = (o: Record<string, number>) => Object.entries(o).sort((a, b) => b[1] - a[1]);

/** Category, country and channel names come from uploaded data: cells are neutralised (lib/http/csv). */
const csv = (header: string[], rows: Cell[][]): string => toCsv(header, rows);
