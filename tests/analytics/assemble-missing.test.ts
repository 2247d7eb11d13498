import { describe, expect, it } from "vitest";
import { assembleKpis, type QueryResults } from "@/lib/analytics/assemble";

// DATA_CONTRACT.md "Missing tables": a number that needs a table the month never received is not
// available, never 0. The marts say which fact tables a month received in has_* columns.
const row = (month: string, flags: Record<string, boolean>) => ({ month, revenue: 100, orders: 4, buyers: 3, sessions: 10, browsed: 8, cart: 4, checkout: 2, purchased: 1, ...flags });
const results = (kpis: QueryResults["kpis"]): QueryResults => ({
  kpis,
  weekly: [{ iso_week: "2025-W45", week_start: "2025-11-03", revenue: 100, orders: 4 }],
  categories: [{ category: "Home", units: 4, sales: 100, sales_with_cost: 100, margin: 40 }],
  country: [{ country: "FR", revenue: 100 }],
  channel: [{ channel: "email", revenue: 100 }],
  heatmap: [{ dow: 1, hour: 9, sessions: 10, orders: 4 }],
  reviewShare: [{ month: "2025-11", months_with_reviews: 1, reviewed_orders: 2 }],
});
const ALL = { has_orders: true, has_order_items: true, has_sessions: true, has_events: true, has_reviews: true };

describe("a month's numbers by the tables it received", () => {
  it("after a month without orders, the change is not available (not +∞ or a change from 0)", () => {
    const k = assembleKpis("2025-11", "2025-10", results([row("2025-11", ALL), row("2025-10", { ...ALL, has_orders: false, has_order_items: false })]), null)!;
    expect(k.revenue).toBe(100);
    expect(k.mom).toEqual({ revenue: null, orders: null, buyers: null, aov: null });
  });

  it("orders without order lines: the headline numbers stand, the categories are not available", () => {
    const k = assembleKpis("2025-11", "2025-10", results([row("2025-11", { ...ALL, has_order_items: false })]), null)!;
    expect(k).toMatchObject({ revenue: 100, orders: 4, buyers: 3, aov: 25, missing: ["order_items"], categories: [] });
    expect(k.margin).toEqual({ value: null, salesWithCost: 0, coverage: null });
    expect(k.weekly).toHaveLength(1);
  });

  it("a month curated before the flags existed (no has_* columns) counts every table as received", () => {
    const k = assembleKpis("2025-11", "2025-10", results([row("2025-11", {})]), null)!;
    expect(k.missing).toEqual([]);
    expect(k.revenue).toBe(100);
    expect(k.heatmap.orders).toEqual({ available: true, cells: [[1, 9, 4]] });
    expect(k.funnel.available).toBe(true);
  });
});
