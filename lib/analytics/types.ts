/** The month's numbers (DATA_CONTRACT.md "The numbers"); the `kpis` CLI prints exactly this. */
export interface FunnelStepPair {
  from: FunnelStep;
  to: FunnelStep;
  conversion: number | null;
  drop: number | null;
}
export type FunnelStep = "sessions" | "browsed" | "cart" | "checkout" | "purchased";

/**
 * Tables whose absence makes a number "not available" (DATA_CONTRACT.md "Missing tables"): the fact
 * tables, since a batch may hold any subset of the seven.
 */
export type OptionalTable = "orders" | "order_items" | "sessions" | "events" | "reviews";

/** A number that needs a table the month never received: shown as such, with the reason, never as 0. */
export interface NotAvailable {
  available: false;
  /** The tables it lacks. */
  missing: OptionalTable[];
  /** For people: e.g. "this month has no sessions". */
  reason: string;
}
export type MaybeAvailable<T> = ({ available: true } & T) | NotAvailable;

/** [dow (1 = Monday … 7 = Sunday), hour 0..23 local, count] for all 168 cells. */
export type HeatmapCell = [number, number, number];

export interface CategorySales {
  /** `Unknown product` for lines whose product is in no products file, `Uncategorised` for a null category. */
  category: string;
  units: number;
  sales: number;
  /** Sales of the lines whose product cost is known. */
  salesWithCost: number;
  /** Over the lines with a known cost only; null when no line of the category has one (not 0). */
  margin: number | null;
  /** salesWithCost / sales; null when the category has no sales. */
  marginCoverage: number | null;
}

export interface FunnelNumbers {
  sessions: number;
  browsed: number;
  cart: number;
  checkout: number;
  purchased: number;
  steps: FunnelStepPair[];
  biggestDrop: FunnelStepPair | null;
}

export interface MonthKpis {
  month: string;
  /** The fact tables the month never received: every number that needs one is not available, never 0. */
  missing: OptionalTable[];
  /** Revenue, orders and buyers: null when the month received no orders (not available). */
  revenue: number | null;
  orders: number | null;
  buyers: number | null;
  aov: number | null;
  /** Month-over-month change ((this − previous) / previous); null without a previous month or its orders. */
  mom: { revenue: number | null; orders: number | null; buyers: number | null; aov: number | null } | null;
  /** Empty when the month received no orders (`missing` says so). */
  weekly: { week: string; weekStart: string; revenue: number; orders: number }[];
  /** Empty when the month received no orders or no order lines (`missing` says so). */
  categories: CategorySales[];
  /** All categories together: margin over the lines with a known cost, and the share of sales they make. */
  margin: { value: number | null; salesWithCost: number; coverage: number | null };
  funnel: MaybeAvailable<FunnelNumbers>;
  /**
   * Share of the month's recognised orders with a review in any loaded month. Reviews arrive weeks after
   * the order, so it grows as later months load (`note` says so); null share = no recognised orders.
   */
  postSale: MaybeAvailable<{ reviewShare: number | null; reviewedOrders: number; note: string }>;
  /** Empty when the month received no orders (`missing` says so). */
  revenueByCountry: Record<string, number>;
  revenueByChannel: Record<string, number>;
  /** Each side needs its table: the month's sessions, the month's orders. */
  heatmap: { sessions: MaybeAvailable<{ cells: HeatmapCell[] }>; orders: MaybeAvailable<{ cells: HeatmapCell[] }> };
  dataAsOf: { runId: string; finishedAt: string } | null;
}
