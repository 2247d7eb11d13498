import type { DashboardFilters } from "./filters";
import type { CategorySales, OptionalTable } from "./types";

/** Revenue, orders, buyers and AOV (= revenue / orders, null without orders) of a month or a range. */
export interface PeriodNumbers {
  revenue: number;
  orders: number;
  buyers: number;
  aov: number | null;
}

export type Change = { revenue: number | null; orders: number | null; buyers: number | null; aov: number | null };

/** A month of the range: its numbers are null when it received no orders (not available, not 0). */
export interface RangeMonth {
  month: string;
  revenue: number | null;
  orders: number | null;
  buyers: number | null;
  aov: number | null;
  /** Against the previous month / the same month a year earlier; null when that month is not loaded. */
  mom: Change | null;
  yoy: Change | null;
  /** Optional tables the month never received (numbers needing them are "not available"). */
  missing: OptionalTable[];
}

export interface CustomerMix {
  month: string;
  newBuyers: number;
  returningBuyers: number;
}

/** One cohort: customers whose first recognised order fell in `cohort`, and who bought k months later. */
export interface Cohort {
  cohort: string;
  size: number;
  /** k = 1.. up to the range's end; share null when month cohort+k is not loaded. */
  retention: { monthsAfter: number; month: string; buyers: number; share: number | null }[];
}

/** A product's line of the top products: the same figures as a category's. */
export interface TopProduct extends CategorySales {
  productId: string;
  name: string;
}

export interface RangeKpis {
  from: string;
  to: string;
  filters: DashboardFilters;
  /** Loaded months of the range, oldest first. */
  months: RangeMonth[];
  total: PeriodNumbers;
  /** The currencies of the period's orders (ISO codes): how many, the first and the last in code order. */
  currencies: { count: number; first: string | null; last: string | null };
  /**
   * Every loaded month from a year before `from` to `to`, under the same filters (for compare); null for
   * a loaded month that received no orders.
   */
  history: Record<string, PeriodNumbers | null>;
  customers: CustomerMix[];
  cohorts: Cohort[];
  categories: CategorySales[];
  revenueByCountry: Record<string, number>;
  revenueByChannel: Record<string, number>;
  topProducts: TopProduct[];
}
