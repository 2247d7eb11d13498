import { addMonths, monthKey } from "../contracts/months";

/** The calendar date of `now` in the shop's business time zone. */
function localDate(now: Date, timeZone: string): { year: number; month: number; day: number } {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(now);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { year: n("year"), month: n("month"), day: n("day") };
}

export function previousMonth(now: Date, timeZone: string): string {
  const { year, month } = localDate(now, timeZone);
  return addMonths(monthKey(year, month), -1);
}

/**
 * The month to report as missing now, or null: from `expectedDay` of a month on (business time zone),
 * the previous month must have a succeeded run.
 */
export function missingMonth(now: Date, expectedDay: number | null, timeZone: string, succeededMonths: ReadonlySet<string>): string | null {
  if (expectedDay === null) return null;
  if (localDate(now, timeZone).day < expectedDay) return null;
  const month = previousMonth(now, timeZone);
  return succeededMonths.has(month) ? null : month;
}
