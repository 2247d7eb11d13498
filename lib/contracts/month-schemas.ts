import { z } from "zod";
import { latestStartedMonth, MONTH_PATTERN } from "./months";

/** A `YYYY-MM` string, as input schemas check it. */
export const monthSchema = z.string().regex(MONTH_PATTERN, "month must be YYYY-MM");

/** A data month a request may name: 1970-01 … 2999-12 (year 0000 and friends break date arithmetic). */
export const dataMonthSchema = z.string().regex(/^(19[7-9]\d|2\d{3})-(0[1-9]|1[0-2])$/, "month must be YYYY-MM (1970-01 … 2999-12)");

/** The month of a batch: a data month that has begun (checked when the batch is opened). */
export const uploadMonthSchema = dataMonthSchema.refine((m) => m <= latestStartedMonth(), {
  error: (issue) => `month ${String(issue.input)} has not begun yet: a batch holds a month that has started (the latest is ${latestStartedMonth()})`,
});
