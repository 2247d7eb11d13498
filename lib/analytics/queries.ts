import { MONTH_PATTERN as MONTH } from "../contracts/months";
import { sqlString } from "../pipeline/sql/render";
import { FILTER_SCHEMAS, type FilterKey } from "./filters";

/**
 * Queries over a range of months with the dashboard filters (from, to, country, channel, device, category);
 * range_filter_options takes the period only (the filter bar's choices are unfiltered).
 */
export const RANGE_QUERIES = [
  "range_kpis", "range_totals", "range_cohorts", "range_product_sales", "range_revenue_by_country_channel",
  "range_filter_options",
] as const;

/** The dashboard queries: files of lib/analytics/sql, the same for DuckDB and Athena. */
export const ANALYTICS_QUERIES = [
  "kpis", "weekly_revenue", "category_sales", "revenue_by_country", "revenue_by_channel", "heatmap", "review_share", "months",
  ...RANGE_QUERIES,
] as const;
export type AnalyticsQuery = (typeof ANALYTICS_QUERIES)[number];

/** Curated tables a query may name as `{{table}}`; each engine maps them to a relation. */
export const QUERY_TABLES = [
  "mart_kpis", "mart_weekly_revenue", "mart_category_sales", "mart_revenue_by_country", "mart_revenue_by_channel", "mart_heatmap",
  "mart_reviewed_orders", "fact_orders_enriched", "fact_order_items_enriched",
] as const;


/** Parameters are validated, then rendered as SQL literals (never concatenated user text). */
export function queryParams(params: Record<string, string | number>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new Error(`parameter ${k} is not a finite number`);
      out[k] = String(v);
    } else if (k in FILTER_SCHEMAS) {
      // A filter: "" = all (NULL); anything else must pass its whitelist before it becomes a literal.
      if (v === "") out[k] = "NULL";
      else {
        const r = FILTER_SCHEMAS[k as FilterKey].safeParse(v);
        if (!r.success) throw new Error(`parameter ${k}: ${r.error.issues[0]?.message ?? "not allowed"}`);
        out[k] = sqlString(r.data);
      }
    } else {
      if (!MONTH.test(v)) throw new Error(`parameter ${k} must be a YYYY-MM month`);
      out[k] = `'${v}'`;
    }
  }
  return out;
}

export { previousMonth } from "../contracts/months";
