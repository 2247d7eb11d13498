import type { MonthKpis } from "@/lib/analytics/types";
import { toCsv, type CsvValue } from "@/lib/http/csv";

/** The CSV behind each dashboard chart: exactly the numbers drawn, unrounded. */
export const CHARTS = ["kpis", "weekly", "categories", "funnel", "country", "channel", "heatmap"] as const;
export type ChartName = (typeof CHARTS)[number];

type Cell = CsvValue;

export function chartCsv(k: MonthKpis, chart: ChartName): string {
  switch (chart) {
    case "kpis":
      return csv(
        ["month", "metric", "value", "mom_change"],
        (["revenue", "orders", "buyers", "aov"] as const).map((m) => [k.month, m, k[m], k.mom?.[m] ?? null]),
      );
    case "weekly":
      return csv(["month", "iso_week", "week_start", "revenue", "orders"], k.weekly.map((w) => [k.month, w.week, w.weekStart, w.revenue, w.orders]));
    case "categories":
      return csv(["month", "category", "units", "sales", "margin"], k.categories.map((c) => [k.month, c.category, c.units, c.sales, c.margin]));
    case "funnel": {
      const order = ["sessions", "browsed", "cart", "checkout", "purchased"] as const;
      return csv(
        ["month", "step", "sessions_reaching", "conversion_from_previous", "drop_from_previous", "biggest_drop"],
        order.map((s, i) => {
          const pair = i > 0 ? k.funnel.steps.find((p) => p.to === s) : undefined;
          const biggest = k.funnel.biggestDrop?.to === s;
          return [k.month, s, k.funnel[s], pair?.conversion ?? null, pair?.drop ?? null, i > 0 ? String(biggest) : null];
        }),
      );
    }
    case "country":
      return csv(["month", "country", "revenue"], sortedEntries(k.revenueByCountry).map(([c, v]) => [k.month, c, v]));
    case "channel":
      return csv(["month", "channel", "revenue"], sortedEntries(k.revenueByChannel).map(([c, v]) => [k.month, c, v]));
    case "heatmap": {
      const orders = new Map(k.heatmap.orders.map(([d, h, n]) => [`${d}:${h}`, n]));
      return csv(
        ["month", "day_of_week", "hour", "sessions", "orders"],
        k.heatmap.sessions.map(([d, h, n]) => [k.month, d, h, n, orders.get(`${d}:${h}`) ?? 0]),
      );
    }
  }
}

const sortedEntries = (o: Record<string, number>) => Object.entries(o).sort((a, b) => b[1] - a[1]);

/** Category, country and channel names come from uploaded data: cells are neutralised (lib/http/csv). */
const csv = (header: string[], rows: Cell[][]): string => toCsv(header, rows);
