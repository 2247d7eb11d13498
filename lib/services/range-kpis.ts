import "server-only";
import { FILTER_KEYS, type DashboardFilters } from "../analytics/filters";
import { cachedUntilPublish } from "../analytics/publish-cache";
import { queryFilterOptions, queryRangeKpis } from "../analytics/query-range";
import type { RangeKpis } from "../analytics/range-types";
import { rangeProblem } from "../contracts/months";
import { AppError } from "../errors";
import { getBackend } from "../wiring";

/** Views kept per process (a few managers' periods × filters; each is a few kilobytes). */
const CACHED_VIEWS = 200;

const rangeKpis = cachedUntilPublish(CACHED_VIEWS, async (from: string, to: string, filters: DashboardFilters) => {
  const { analytics } = await getBackend();
  return queryRangeKpis(analytics, from, to, filters);
});

/**
 * A range of months under the filters, through the configured analytics engine; cached per period and
 * filters until the next publish (the first request of each is what `npm run bench:dashboard` reports).
 */
export async function getRangeKpis(from: string, to: string, filters: DashboardFilters): Promise<RangeKpis> {
  assertRange(from, to);
  // In one key order, unset keys dropped: the same filters are the same cache entry however they were built.
  const key = Object.fromEntries(FILTER_KEYS.filter((k) => filters[k] !== undefined).map((k) => [k, filters[k]])) as DashboardFilters;
  return { ...(await rangeKpis(from, to, key)), filters };
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

/** The filter bar's choices for a period: its countries and categories, unfiltered; cached as above. */
const filterOptions = cachedUntilPublish(CACHED_VIEWS, async (from: string, to: string) => {
  const { analytics } = await getBackend();
  return queryFilterOptions(analytics, from, to);
});
export async function getFilterOptions(from: string, to: string): ReturnType<typeof filterOptions> {
  assertRange(from, to);
  return filterOptions(from, to);
}

/** Every caller checks its input first; this is the last line before the engine (and its cache). */
function assertRange(from: string, to: string): void {
  const problem = rangeProblem(from, to);
  if (problem) throw new AppError(400, "bad_period", `Cannot read ${from} … ${to}: ${problem}.`);
}
