import { FILTER_KEYS } from "@/lib/analytics/filters";
import type { RangeKpis } from "@/lib/analytics/range-types";
import { toCsv, type CsvValue } from "@/lib/http/csv";
import { NOT_AVAILABLE } from "./chart-csv";

/** Charts of a period (a month or a range) that take the filters; every row says its period and filters. */
export const RANGE_CHARTS = ["trend", "total", "categories", "country", "channel", "products", "customers", "cohorts"] as const;
export type RangeChartName = (typeof RANGE_CHARTS)[number];

const ALL = "all";

export function rangeCsv(r: RangeKpis, chart: RangeChartName): string {
  // Prefixed: a chart's own columns reuse the filters' names (products and categories have a category).
  const head = ["from", "to", ...FILTER_KEYS.map((k) => `filter_${k}`)];
  const ctx: CsvValue[] = [r.from, r.to, ...FILTER_KEYS.map((k) => r.filters[k] ?? ALL)];
  const csv = (header: string[], rows: CsvValue[][]) => toCsv([...head, ...header], rows.map((row) => [...ctx, ...row]));
  switch (chart) {
    case "trend":
      return csv(
        ["month", "revenue", "orders", "buyers", "aov", "mom_revenue", "mom_orders", "mom_buyers", "mom_aov", "yoy_revenue", "yoy_orders", "yoy_buyers", "yoy_aov", "not_available"],
        r.months.map((m) => [
          m.month, ...(m.revenue === null ? Array<CsvValue>(4).fill(NOT_AVAILABLE) : [m.revenue, m.orders, m.buyers, m.aov]),
          m.mom?.revenue ?? null, m.mom?.orders ?? null, m.mom?.buyers ?? null, m.mom?.aov ?? null,
          m.yoy?.revenue ?? null, m.yoy?.orders ?? null, m.yoy?.buyers ?? null, m.yoy?.aov ?? null,
          m.missing.length ? `no ${m.missing.join(", no ")}` : null,
        ]),
      );
    case "total":
      return csv(["revenue", "orders", "buyers_distinct", "aov"], [[r.total.revenue, r.total.orders, r.total.buyers, r.total.aov]]);
    case "categories":
      return csv(
        ["category", "units", "sales", "sales_with_cost", "margin", "margin_coverage"],
        r.categories.map((c) => [c.category, c.units, c.sales, c.salesWithCost, c.margin ?? NOT_AVAILABLE, c.marginCoverage]),
      );
    case "country":
      return csv(["country", "revenue"], sorted(r.revenueByCountry).map(([k, v]) => [k, v]));
    case "channel":
      return csv(["channel", "revenue"], sorted(r.revenueByChannel).map(([k, v]) => [k, v]));
    case "products":
      return csv(
        ["product_id", "name", "category", "units", "sales", "sales_with_cost", "margin", "margin_coverage"],
        r.topProducts.map((p) => [p.productId, p.name, p.category, p.units, p.sales, p.salesWithCost, p.margin ?? NOT_AVAILABLE, p.marginCoverage]),
      );
    case "customers":
      return csv(["month", "new_buyers", "returning_buyers"], r.customers.map((c) => [c.month, c.newBuyers, c.returningBuyers]));
    case "cohorts":
      return csv(
        ["cohort", "cohort_buyers", "months_after", "month", "buyers", "share"],
        r.cohorts.flatMap((c) => [[c.cohort, c.size, 0, c.cohort, c.size, 1], ...c.retention.map((x) => [c.cohort, c.size, x.monthsAfter, x.month, x.buyers, x.share ?? NOT_AVAILABLE])]),
      );
  }
}

const sorted = (o: Record<string, number>) => Object.entries(o).sort((a, b) => b[1] - a[1]);
