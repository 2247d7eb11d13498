/** Months as the contract writes them (`YYYY-MM`), and their arithmetic: one definition for server, UI and CLI. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(s: string): boolean {
  return MONTH_PATTERN.test(s);
}

/** The month `n` months after (negative: before) `month`. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const i = y * 12 + (m - 1) + n;
  return `${String(Math.floor(i / 12)).padStart(4, "0")}-${String((i % 12) + 1).padStart(2, "0")}`;
}

export const nextMonth = (month: string) => addMonths(month, 1);
export const previousMonth = (month: string) => addMonths(month, -1);
