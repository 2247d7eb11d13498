/** The month's numbers (DATA_CONTRACT.md "The numbers"); the `kpis` CLI prints exactly this. */
export interface FunnelStepPair {
  from: FunnelStep;
  to: FunnelStep;
  conversion: number | null;
  drop: number | null;
}
export type FunnelStep = "sessions" | "browsed" | "cart" | "checkout" | "purchased";

export interface MonthKpis {
  month: string;
  revenue: number;
  orders: number;
  buyers: number;
  aov: number | null;
  /** Month-over-month change ((this − previous) / previous); null without a previous month. */
  mom: { revenue: number | null; orders: number | null; buyers: number | null; aov: number | null } | null;
  weekly: { week: string; weekStart: string; revenue: number; orders: number }[];
  categories: { category: string; units: number; sales: number; margin: number }[];
  funnel: {
    sessions: number;
    browsed: number;
    cart: number;
    checkout: number;
    purchased: number;
    steps: FunnelStepPair[];
    biggestDrop: FunnelStepPair | null;
  };
  postSaleReviewShare: number | null;
  revenueByCountry: Record<string, number>;
  revenueByChannel: Record<string, number>;
  /** [dow (1 = Monday … 7 = Sunday), hour 0..23 local, count] for all 168 cells. */
  heatmap: { sessions: [number, number, number][]; orders: [number, number, number][] };
  dataAsOf: { runId: string; finishedAt: string } | null;
}
