import "server-only";
import { getBackend } from "../backend";
import type { DashboardFilters } from "./filters";
import { queryRangeKpis } from "./query-range";
import type { RangeKpis } from "./range-types";

/** The longest range the dashboard and CLI take (five years of months). */
export const MAX_RANGE_MONTHS = 60;

/** A range of months under the filters, through the configured analytics engine. */
export async function getRangeKpis(from: string, to: string, filters: DashboardFilters): Promise<RangeKpis> {
  const { analytics } = await getBackend();
  return queryRangeKpis(analytics, from, to, filters);
}

/** The CLI's and API's JSON: months and total as the issue specifies, cohorts and the rest beside them. */
export function rangeJson(r: RangeKpis) {
  return {
    from: r.from,
    to: r.to,
    filters: r.filters,
    months: r.months.map(({ month, revenue, orders, buyers, aov }) => ({ month, revenue, orders, buyers, aov })),
    total: r.total,
    cohorts: r.cohorts,
    customers: r.customers,
  };
}

/** The filter bar's choices for a period: its countries and categories, unfiltered. */
export async function getFilterOptions(from: string, to: string): Promise<{ countries: string[]; categories: string[] }> {
  const { analytics } = await getBackend();
  const p = { from, to, country: "", channel: "", device: "", category: "" };
  const [countries, categories] = await Promise.all([analytics.query("range_revenue_by_country", p), analytics.query("range_categories", p)]);
  return { countries: countries.map((r) => String(r.country)).sort(), categories: categories.map((r) => String(r.category)).sort() };
}
