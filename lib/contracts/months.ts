/**
 * Months as the contract writes them (`YYYY-MM`), and their arithmetic: one definition for server, UI and CLI.
 * No imports, so Lambdas bundle it cheaply (the zod schemas are in month-schemas.ts).
 */

/** The month as an HTML `pattern` attribute (anchored by the browser). */
export const MONTH_INPUT_PATTERN = "\\d{4}-(0[1-9]|1[0-2])";
export const MONTH_PATTERN = new RegExp(`^${MONTH_INPUT_PATTERN}$`);

export function isMonth(s: string): boolean {
  return MONTH_PATTERN.test(s);
}

/** A month's year and number (1–12); a RangeError for anything but `YYYY-MM`. */
export function parseMonth(month: string): { year: number; month: number } {
  if (!isMonth(month)) throw new RangeError(`month must be YYYY-MM, got "${month}"`);
  return { year: Number(month.slice(0, 4)), month: Number(month.slice(5, 7)) };
}

/** `YYYY-MM` of a year and a month number (1–12). */
export const monthKey = (year: number, month: number): string => `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;

/** Months since year 0 (`year × 12 + month − 1`): the distance between two months is a subtraction. */
export function monthIndex(month: string): number {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return y * 12 + (m - 1);
}

/** The month `n` months after (negative: before) `month`. */
export function addMonths(month: string, n: number): string {
  const i = monthIndex(month) + n;
  return monthKey(Math.floor(i / 12), (i % 12) + 1);
}

export const nextMonth = (month: string) => addMonths(month, 1);
export const previousMonth = (month: string) => addMonths(month, -1);

/**
 * The latest month that has begun anywhere on Earth (UTC+14) at `now`: a batch's month may not be later
 * (one stray 2999-12 upload took over every manager's default dashboard and could not be removed).
 */
export const latestStartedMonth = (now = new Date()): string => monthOfDate(new Date(now.getTime() + 14 * 3600_000));

/** The UTC month of an instant. */
export const monthOfDate = (d: Date): string => monthKey(d.getUTCFullYear(), d.getUTCMonth() + 1);

/** The first instant of a month in UTC. */
export const monthStartUtc = (month: string): Date => new Date(`${month}-01T00:00:00Z`);

/** The longest range of months the dashboard, its CSVs and the CLI take (five years). */
export const MAX_RANGE_MONTHS = 60;

/**
 * Why `from … to` is not a range a reader may ask for, or null: both `YYYY-MM`, in order, at most
 * MAX_RANGE_MONTHS long (a link to 0001-01 … 9999-12 would otherwise list 120,000 months).
 */
export function rangeProblem(from: string, to: string): string | null {
  if (!isMonth(from) || !isMonth(to)) return "give two YYYY-MM months";
  if (from > to) return `${from} is after ${to}`;
  if (monthIndex(to) - monthIndex(from) + 1 > MAX_RANGE_MONTHS) return `a range is at most ${MAX_RANGE_MONTHS} months`;
  return null;
}
