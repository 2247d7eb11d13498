import { MONTH_PATTERN as MONTH } from "../contracts/months";

/** The dashboard queries: files of lib/analytics/sql, the same for DuckDB and Athena. */
export const ANALYTICS_QUERIES = ["kpis", "weekly_revenue", "category_sales", "revenue_by_country", "revenue_by_channel", "heatmap", "review_share", "months"] as const;
export type AnalyticsQuery = (typeof ANALYTICS_QUERIES)[number];

/** Curated tables a query may name as `{{table}}`; each engine maps them to a relation. */
export const QUERY_TABLES = [
  "mart_kpis", "mart_weekly_revenue", "mart_category_sales", "mart_revenue_by_country", "mart_revenue_by_channel", "mart_heatmap",
  "mart_reviewed_orders", "fact_orders_enriched",
] as const;


/** Parameters are validated, then rendered as SQL literals (never concatenated user text). */
export function queryParams(params: Record<string, string | number>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new Error(`parameter ${k} is not a finite number`);
      out[k] = String(v);
    } else {
      if (!MONTH.test(v)) throw new Error(`parameter ${k} must be a YYYY-MM month`);
      out[k] = `'${v}'`;
    }
  }
  return out;
}

export { previousMonth } from "../contracts/months";
