import { nextMonth } from "../contracts/months";
import { sqlString } from "./sql/render";

/** The batch month as SQL: its name, its first days, and its bounds as instants in the session (business) time zone. */
export function monthParams(month: string): Record<string, string> {
  const next = nextMonth(month);
  return {
    month: sqlString(month),
    month_start: sqlString(`${month}-01`),
    month_end: sqlString(`${next}-01`),
    month_lo: `TIMESTAMPTZ '${month}-01 00:00:00'`,
    month_hi: `TIMESTAMPTZ '${next}-01 00:00:00'`,
  };
}
