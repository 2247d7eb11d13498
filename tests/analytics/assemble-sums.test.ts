import { describe, expect, it } from "vitest";
import { assembleKpis } from "@/lib/analytics/assemble";

// The marts hold DECIMAL(18, 4) sums per category; the month's totals add them up in JavaScript.
describe("the month's margin and sales added over categories", () => {
  it("are exact to the marts' 4 decimals, not float sums (a stranger read 59200.899999999994)", () => {
    const margins = [59200.6, 0.1, 0.2];
    const categories = margins.map((m, i) => ({ category: `c${i}`, units: 1, sales: m, sales_with_cost: m, margin: m }));
    const kpis = [{ month: "2025-11", revenue: 1, orders: 1, buyers: 1, sessions: 0, browsed: 0, cart: 0, checkout: 0, purchased: 0, has_sessions: false, has_events: false, has_reviews: false }];
    const k = assembleKpis("2025-11", "2025-10", { kpis, weekly: [], categories, country: [], channel: [], heatmap: [], reviewShare: [] }, null as never)!;
    expect(margins.reduce((s, x) => s + x, 0)).not.toBe(59200.9); // the float sum this guards against
    expect(k.margin).toEqual({ value: 59200.9, salesWithCost: 59200.9, coverage: 1 });
  });
});
