import { addMonths } from "../contracts/months";
import type { Analytics, SqlRow } from "../backend/types";
import { filterParams, type DashboardFilters } from "./filters";
import type { Change, Cohort, PeriodNumbers, RangeKpis, RangeMonth, TopProduct } from "./range-types";
import { missingTables } from "./assemble";
import { categorySales, delta, num, ratio, textOrNull } from "./row-values";

const TOP_PRODUCTS = 20;

function period(r: { revenue?: unknown; orders?: unknown; buyers?: unknown } | undefined): PeriodNumbers {
  const revenue = num(r?.revenue);
  const orders = num(r?.orders);
  return { revenue, orders, buyers: num(r?.buyers), aov: ratio(revenue, orders) };
}

/** Against a month of the range; null when that month is not loaded, no change when either has no orders. */
function change(now: PeriodNumbers | null, before: PeriodNumbers | null | undefined): Change | null {
  if (before === undefined) return null;
  if (now === null || before === null) return { revenue: null, orders: null, buyers: null, aov: null };
  return { revenue: delta(now.revenue, before.revenue), orders: delta(now.orders, before.orders), buyers: delta(now.buyers, before.buyers), aov: delta(now.aov, before.aov) };
}

/**
 * A range of months under the dashboard filters, on one analytics engine (DuckDB or Athena). The
 * per-month rows are read from a year before `from` as well, for year-over-year change.
 */
export async function queryRangeKpis(analytics: Analytics, from: string, to: string, filters: DashboardFilters): Promise<RangeKpis> {
  const f = filterParams(filters);
  const p = { from, to, ...f };
  const [monthRows, totals, cohorts, sales, revenue] = await Promise.all([
    analytics.query("range_kpis", { ...p, from: addMonths(from, -12) }),
    analytics.query("range_totals", p),
    analytics.query("range_cohorts", p),
    analytics.query("range_product_sales", { ...p, limit: TOP_PRODUCTS }),
    analytics.query("range_revenue_by_country_channel", p),
  ]);
  // Queries that give two tables: a UNION keeps no order, so each is sorted as its own query was.
  const country = table(revenue, "country", "revenue", "value");
  const channel = table(revenue, "channel", "revenue", "value");
  const categories = table(sales, "category", "sales", "category");
  const products = table(sales, "product", "sales", "product_id");
  // A loaded month that received no orders has no numbers (null), not zeros.
  const numbers = (r: SqlRow) => period({ revenue: r.range_revenue, orders: r.range_orders, buyers: r.range_buyers });
  const byMonth = new Map(monthRows.map((r) => [String(r.month), missingTables(r).includes("orders") ? null : numbers(r)]));
  const months: RangeMonth[] = monthRows
    .filter((r) => String(r.month) >= from)
    .map((r) => {
      const month = String(r.month);
      const n = byMonth.get(month)!;
      const numbers = n ?? { revenue: null, orders: null, buyers: null, aov: null };
      return { month, ...numbers, mom: change(n, byMonth.get(addMonths(month, -1))), yoy: change(n, byMonth.get(addMonths(month, -12))), missing: missingTables(r) };
    });
  // Months that received orders: a cohort's share in a month without them is not available, not 0.
  const loaded = new Set([...byMonth].filter(([, n]) => n !== null).map(([month]) => month));
  return {
    from,
    to,
    filters,
    months,
    total: period(totals[0]),
    currencies: { count: num(totals[0]?.currencies), first: textOrNull(totals[0]?.first_currency), last: textOrNull(totals[0]?.last_currency) },
    history: Object.fromEntries(byMonth),
    customers: newAndReturning(cohorts, months.filter((m) => loaded.has(m.month)).map((m) => m.month)),
    cohorts: assembleCohorts(cohorts.filter((r) => String(r.cohort) >= from), to, loaded),
    categories: categories.map(categorySales),
    revenueByCountry: Object.fromEntries(country.map((c) => [String(c.value), num(c.revenue)])),
    revenueByChannel: Object.fromEntries(channel.map((c) => [String(c.value), num(c.revenue)])),
    topProducts: products.map(topProduct),
  };
}

/** The filter bar's choices for a period: its countries and categories, unfiltered (from the monthly marts). */
export async function queryFilterOptions(analytics: Analytics, from: string, to: string): Promise<{ countries: string[]; categories: string[] }> {
  const rows = await analytics.query("range_filter_options", { from, to });
  const of = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => String(r.value)).sort();
  return { countries: of("country"), categories: of("category") };
}

/** The rows of one kind, largest `by` first, then by `key` in code-unit order (as SQL's ORDER BY on text). */
function table(rows: SqlRow[], kind: string, by: string, key: string): SqlRow[] {
  const text = (r: SqlRow) => String(r[key]);
  return rows
    .filter((r) => r.kind === kind)
    .sort((a, b) => num(b[by]) - num(a[by]) || (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

function topProduct(r: SqlRow): TopProduct {
  const { category, units, sales, salesWithCost, margin, marginCoverage } = categorySales(r);
  return { productId: String(r.product_id), name: String(r.product_name ?? r.product_id), category, units, sales, salesWithCost, margin, marginCoverage };
}

/**
 * New and returning buyers of each loaded month of the range (0 and 0 for a month without any), from
 * the cohort cells: a month's new buyers are its own cohort, its returning ones the earlier cohorts.
 */
export function newAndReturning(cells: SqlRow[], months: string[]): RangeKpis["customers"] {
  const out = new Map(months.map((month) => [month, { month, newBuyers: 0, returningBuyers: 0 }]));
  for (const r of cells) {
    const m = out.get(String(r.month));
    if (!m) continue;
    if (String(r.cohort) === m.month) m.newBuyers += num(r.buyers);
    else if (String(r.cohort) < m.month) m.returningBuyers += num(r.buyers);
  }
  return [...out.values()];
}

/** Cells for every month after the cohort up to `to`: 0 when nobody came back, null when the month is not loaded. */
export function assembleCohorts(rows: SqlRow[], to: string, loaded: Set<string>): Cohort[] {
  const out = new Map<string, Cohort>();
  const buyers = new Map(rows.map((r) => [`${String(r.cohort)}|${num(r.months_after)}`, num(r.buyers)]));
  for (const r of rows) {
    const cohort = String(r.cohort);
    if (out.has(cohort)) continue;
    const size = buyers.get(`${cohort}|0`) ?? 0;
    const retention: Cohort["retention"] = [];
    for (let k = 1; addMonths(cohort, k) <= to; k++) {
      const month = addMonths(cohort, k);
      const n = buyers.get(`${cohort}|${k}`) ?? 0;
      retention.push({ monthsAfter: k, month, buyers: n, share: loaded.has(month) ? ratio(n, size) : null });
    }
    out.set(cohort, { cohort, size, retention });
  }
  return [...out.values()].sort((a, b) => a.cohort.localeCompare(b.cohort));
}
