import { Rng } from "./prng";
import { monthIndex, parseMonth } from "../contracts/months";

/**
 * How big each month is. Calibrated so that 2025-11 at scale 1 matches the reference client
 * (≈ 1 M rows, ≈ 50 MB over the seven files); other months follow a growth trend and a
 * calendar-month seasonality, so month-over-month deltas are never zero.
 */

export const REFERENCE_MONTH = "2025-11";
/** Average month length in seconds, for growth curves. */
export const MONTH_SECONDS = 30.436875 * 86400;
/** End of the reference month (UTC): the dimension curves are anchored here. */
export const REFERENCE_END = Date.UTC(2025, 11, 1) / 1000;

/** Customers signed up by REFERENCE_END at scale 1, and their monthly growth rate. */
export const CUSTOMERS_AT_REFERENCE = 30_000;
export const CUSTOMER_GROWTH = 0.04;
/** Catalogue size at the reference month (scaled down for tiny scales only) and its growth. */
export const PRODUCTS_AT_REFERENCE = 2_000;
export const PRODUCT_GROWTH = 0.012;

const SESSIONS_PER_DAY_AT_REFERENCE = 5_400;
const TRAFFIC_GROWTH = 0.035;
/** Calendar-month seasonality (Jan … Dec). */
const MONTH_SEASONALITY = [0.86, 0.84, 0.92, 0.94, 0.96, 0.93, 0.92, 0.94, 0.95, 0.97, 1.0, 1.1];

export function monthsFromReference(month: string): number {
  return monthIndex(month) - monthIndex(REFERENCE_MONTH);
}

/** Growth stops compounding 3 years out (and 10 years back) so far-off months stay a sane size. */
export const GROWTH_HORIZON = 36;
export function growthMonths(month: string): number {
  return Math.min(GROWTH_HORIZON, Math.max(-120, monthsFromReference(month)));
}

/**
 * Months after the reference at which customer number `x` (in units of the reference base) signs up:
 * exponential growth up to the horizon, then linear at the horizon's pace.
 */
export function customerSignupMonths(x: number): number {
  const atHorizon = Math.exp(CUSTOMER_GROWTH * GROWTH_HORIZON);
  return x <= atHorizon ? Math.log(x) / CUSTOMER_GROWTH : GROWTH_HORIZON + (x / atHorizon - 1) / CUSTOMER_GROWTH;
}

/** Products are a catalogue, not traffic: they grow with scale only up to the full catalogue. */
export function productScale(scale: number): number {
  return Math.min(1, Math.max(0.03, scale));
}

export interface MonthPlan {
  sessions: number;
  /** Multipliers on the funnel's step probabilities for this month (small drifts). */
  cartFactor: number;
  checkoutFactor: number;
  purchaseFactor: number;
  /** Share of orders placed without a web session (phone / marketplace). */
  sessionlessShare: number;
  /** Multiplier on basket size, nudging the average order value month to month. */
  basketFactor: number;
}

export function planMonth(month: string, days: number, scale: number, seed: number): MonthPlan {
  const rng = new Rng(seed, month, "plan");
  const { month: m } = parseMonth(month);
  const drift = (sd: number) => Math.min(1 + 3 * sd, Math.max(1 - 3 * sd, 1 + sd * rng.normal()));
  const sessions =
    SESSIONS_PER_DAY_AT_REFERENCE *
    days *
    scale *
    Math.exp(TRAFFIC_GROWTH * growthMonths(month)) *
    (MONTH_SEASONALITY[m - 1] ?? 1) *
    drift(0.02);
  return {
    sessions: Math.max(1, Math.round(sessions)),
    cartFactor: drift(0.025),
    checkoutFactor: drift(0.03),
    purchaseFactor: drift(0.02),
    sessionlessShare: 0.03,
    basketFactor: drift(0.03),
  };
}
