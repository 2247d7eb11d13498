import { addMonths, rangeProblem } from "../contracts/months";
import { FILTER_KEYS, filtersSchema, type DashboardFilters } from "./filters";

/**
 * The dashboard's whole state lives in its URL (shareable; the back button walks it):
 * `?month=M[&compare=prev|yoy]` is one month, `?from=A&to=B` a range; plus any of the four filters.
 * No period at all = the last 12 loaded months.
 */
export type Compare = "prev" | "yoy";
export type Period = { view: "month"; month: string; compare: Compare } | { view: "range"; from: string; to: string };
export interface DashboardState {
  period: Period;
  filters: DashboardFilters;
}

export const DEFAULT_RANGE_MONTHS = 12;
type Raw = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

/** Reads the URL against the loaded months (newest first); what cannot be used is reported, not guessed. */
export function parseDashboardState(raw: Raw, months: string[]): { state: DashboardState; problems: string[] } {
  const problems: string[] = [];
  const filters: DashboardFilters = {};
  for (const k of FILTER_KEYS) {
    const v = one(raw[k]);
    if (v === undefined || v === "") continue;
    const r = filtersSchema.shape[k].safeParse(k === "country" ? v.toUpperCase() : v);
    if (r.success) Object.assign(filters, { [k]: r.data });
    else problems.push(`Ignored the ${k} filter "${v}": ${r.error.issues[0]?.message ?? "not allowed"}.`);
  }
  const latest = months[0]!;
  const month = one(raw.month);
  if (month !== undefined) {
    const compare: Compare = one(raw.compare) === "yoy" ? "yoy" : "prev";
    if (months.includes(month)) return { state: { period: { view: "month", month, compare }, filters }, problems };
    return { state: { period: { view: "month", month: latest, compare }, filters }, problems: [...problems, `missing-month:${month}`] };
  }
  const from = one(raw.from);
  const to = one(raw.to);
  if (from !== undefined || to !== undefined) {
    const problem = from && to ? rangeProblem(from, to) : "give two YYYY-MM months";
    if (!problem) return { state: { period: { view: "range", from: from!, to: to! }, filters }, problems };
    problems.push(`Ignored the range ${from ?? "?"} … ${to ?? "?"}: ${problem}.`);
  }
  return { state: { period: defaultRange(months), filters }, problems };
}

/** The last 12 loaded months (fewer when fewer are loaded). */
export function defaultRange(months: string[]): Period {
  const to = months[0]!;
  const oldest = months[months.length - 1]!;
  const from = addMonths(to, -(DEFAULT_RANGE_MONTHS - 1));
  return { view: "range", from: from < oldest ? oldest : from, to };
}

export function stateQuery(s: DashboardState): URLSearchParams {
  const q = new URLSearchParams();
  if (s.period.view === "month") {
    q.set("month", s.period.month);
    if (s.period.compare !== "prev") q.set("compare", s.period.compare);
  } else {
    q.set("from", s.period.from);
    q.set("to", s.period.to);
  }
  for (const k of FILTER_KEYS) if (s.filters[k] !== undefined) q.set(k, s.filters[k]);
  return q;
}

export const dashboardHref = (s: DashboardState) => `/dashboard?${stateQuery(s).toString()}`;

/** A chart's CSV with the period and the filters of the view it is drawn in. */
export function csvHref(s: DashboardState, chart: string): string {
  const q = stateQuery(s);
  q.delete("compare");
  q.set("chart", chart);
  return `/api/dashboard/csv?${q.toString()}`;
}
