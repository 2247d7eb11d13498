/** The month's numbers (DATA_CONTRACT.md "The numbers"); the `kpis` CLI prints exactly this. */
export interface FunnelStepPair {
  from: FunnelStep;
  to: FunnelStep;
  conversion: number | null;
  drop: number | null;
}
export type FunnelStep = "sessions" | "browsed" | "cart" | "checkout" | "purchased";

/** Tables whose absence makes a number "not available" (DATA_CONTRACT.md "Missing tables"). */
export type OptionalTable = "sessions" | "events" | "reviews";

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
  revenue: number;
  orders: number;
  buyers: number;
  aov: number | null;
  /** Month-over-month change ((this − previous) / previous); null without a previous month. */
  mom: { revenue: number | null; orders: number | null; buyers: number | null; aov: number | null } | null;
  weekly: { week: string; weekStart: string; revenue: number; orders: number }[];
  categories: CategorySales[];
  /** All categories together: margin over the lines with a known cost, and the share of sales they make. */
  margin: { value: number | null; salesWithCost: number; coverage: number | null };
  funnel: MaybeAvailable<FunnelNumbers>;
  /**
   * Share of the month's recognised orders with a review in any loaded month. Reviews arrive weeks after
   * the order, so it grows as later months load (`note` says so); null share = no recognised orders.
   */
  postSale: MaybeAvailable<{ reviewShare: number | null; reviewedOrders: number; note: string }>;
  revenueByCountry: Record<string, number>;
  revenueByChannel: Record<string, number>;
  /** Sessions need the month's sessions table; orders are always there. */
  heatmap: { sessions: MaybeAvailable<{ cells: HeatmapCell[] }>; orders: HeatmapCell[] };
  dataAsOf: { runId: string; finishedAt: string } | null;
}
