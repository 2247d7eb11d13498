import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartCsv } from "@/app/api/dashboard/csv/chart-csv";
import { rangeCsv } from "@/app/api/dashboard/csv/range-csv";
import { getMonthKpis } from "@/lib/services/month-kpis";
import { getRangeKpis } from "@/lib/services/range-kpis";
import { kpisText } from "@/lib/analytics/kpis-text";
import { QUERY_TABLES } from "@/lib/analytics/queries";
import { queryMonthKpis } from "@/lib/analytics/query-month";
import type { MonthKpis } from "@/lib/analytics/types";
import { AthenaAnalytics } from "@/lib/aws/athena-analytics";
import { getSql } from "@/lib/db/client";
import { Duck } from "@/lib/pipeline/duck";
import { fastRetry, noSleep } from "../aws/fakes/aws-error";
import { FakeAthena } from "../aws/fakes/fake-athena";
import { csv } from "../support/fixtures";
import { freshPipelineEnv, runBatch } from "../support/pipeline-env";

// Contract v2 with partial data (DATA_CONTRACT.md "The numbers", "Missing tables"), three months:
// 2025-11 without sessions/events, products partly without cost/name/category, an unknown product, a
// null order total; 2025-12 with sessions/events and the reviews of November's second order;
// 2026-01 with only orders and lines (no sessions, events, reviews; no product cost); 2026-02 with only
// sessions and events (a batch of the web analytics alone): no revenue at all, not a revenue of 0.
const customers = csv(["customer_id", "signup_ts", "country"], [
  ["c1", "2025-10-01T10:00:00Z", "FR"],
  ["c2", "2025-10-02T10:00:00Z", "DE"],
]);
const products = csv(["product_id", "name", "category", "price", "cost"], [
  ["p1", "Lamp", "Home", "40.00", "25.00"],
  ["p2", "Mug", "Kitchen", "10.05", ""], // no cost
  ["p3", "", "", "3.33", "3.00"], // no name, no category
  ["p4", "Vase", "Home", "20.00", ""], // Home: one product with a cost, one without
]);
const ORDER_COLS = ["order_id", "customer_id", "session_id", "order_ts", "status", "discount", "shipping", "tax", "total"];
const ITEM_COLS = ["order_item_id", "order_id", "product_id", "quantity", "unit_price", "discount"];
const REVIEW_COLS = ["review_id", "order_id", "product_id", "customer_id", "rating", "review_ts"];

const november = {
  "customers.csv": customers,
  "products.csv": products,
  "orders.csv": csv(ORDER_COLS, [
    ["n1", "c1", "", "2025-11-03T09:04:00Z", "paid", "0", "5.00", "9.00", "54.00"],
    // No total: 2 × 10.05 − 0.50 + 3 × 3.33 + 7.77 + 5.00 shipping + 3.61 tax − 1.50 discount = 44.47.
    ["n2", "c2", "", "2025-11-04T20:03:00Z", "delivered", "1.50", "5.00", "3.61", ""],
    ["n3", "c2", "", "2025-11-05T12:30:00Z", "cancelled", "0", "0", "0", ""],
  ]),
  // Line numbers 1..n per order.
  "order_items.csv": csv(ITEM_COLS, [
    ["1", "n1", "p1", 1, "40.00", ""],
    ["2", "n1", "p4", 1, "20.00", "0"],
    ["1", "n2", "p2", 2, "10.05", "0.50"],
    ["2", "n2", "p3", 3, "3.33", ""],
    ["3", "n2", "p404", 1, "7.77", ""],
    ["1", "n3", "p1", 1, "40.00", ""],
  ]),
  "reviews.csv": csv(REVIEW_COLS, [["r1", "n1", "p1", "c1", 5, "2025-11-10T10:00:00Z"]]),
};
const december = {
  "orders.csv": csv(ORDER_COLS, [["d1", "c1", "s1", "2025-12-02T10:05:00Z", "paid", "0", "0", "0", "10.00"]]),
  "order_items.csv": csv(ITEM_COLS, [["1", "d1", "p1", 1, "10.00", ""]]),
  "sessions.csv": csv(["session_id", "customer_id", "session_start", "channel", "device", "country"], [
    ["s1", "c1", "2025-12-02T10:00:00Z", "email", "mobile", "FR"],
    ["s2", "", "2025-12-03T11:00:00Z", "direct", "desktop", "DE"],
  ]),
  "events.csv": csv(["event_id", "session_id", "event_ts", "event_type", "order_id"], [
    ["e1", "s1", "2025-12-02T10:01:00Z", "product_view", ""],
    ["e2", "s1", "2025-12-02T10:02:00Z", "add_to_cart", ""],
    ["e3", "s1", "2025-12-02T10:03:00Z", "begin_checkout", ""],
    ["e4", "s1", "2025-12-02T10:05:00Z", "purchase", "d1"],
    ["e5", "s2", "2025-12-03T11:01:00Z", "page_view", ""],
  ]),
  // November's second order is reviewed weeks later, in December.
  "reviews.csv": csv(REVIEW_COLS, [["r2", "n2", "p2", "c2", 4, "2025-12-01T09:00:00Z"]]),
};
const january = {
  "orders.csv": csv(ORDER_COLS, [["j1", "c2", "", "2026-01-05T08:00:00Z", "shipped", "", "", "", ""]]),
  "order_items.csv": csv(ITEM_COLS, [["1", "j1", "p2", 1, "5.00", ""]]),
};

const february = {
  "sessions.csv": csv(["session_id", "customer_id", "session_start", "channel", "device", "country"], [["f1", "c1", "2026-02-02T10:00:00Z", "email", "mobile", "FR"]]),
  "events.csv": csv(["event_id", "session_id", "event_ts", "event_type", "order_id"], [
    ["fe1", "f1", "2026-02-02T10:01:00Z", "page_view", ""],
    ["fe2", "f1", "2026-02-02T10:02:00Z", "purchase", "x1"],
  ]),
};
const MONTHS = ["2025-11", "2025-12", "2026-01", "2026-02"];

describe("dashboards with partial data: not available, margin coverage, the review share across months", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  let novAlone: MonthKpis;
  const k: Record<string, MonthKpis> = {};

  beforeAll(async () => {
    env = await freshPipelineEnv();
    for (const [month, files] of [["2025-11", november], ["2025-12", december], ["2026-01", january], ["2026-02", february]] as const) {
      const r = await runBatch(path.join(env.dataDir, "in", month), month, files);
      expect(r.run.status, `${month}: ${r.run.error}`).toBe("succeeded");
      for (const q of Object.values(r.quality)) expect(q.rejected, `${month} ${q.table} rejects`).toBe(0);
      if (month === "2025-11") novAlone = (await getMonthKpis("2025-11"))!;
    }
    for (const month of MONTHS) k[month] = (await getMonthKpis(month))!;
  });
  afterAll(async () => env?.cleanup());

  it("a null order total is computed from its lines, shipping, tax and discount, to the cent", async () => {
    const duck = await Duck.open({ timeZone: "UTC" });
    try {
      const rows = await duck.all<{ order_id: string; total: number }>(
        `SELECT order_id, total FROM read_parquet('${env.dataDir}/lake/curated/fact_orders_enriched/month=2025-11/*.parquet') ORDER BY order_id`,
      );
      expect(rows).toEqual([
        { order_id: "n1", total: 54 },
        { order_id: "n2", total: 44.47 },
        { order_id: "n3", total: 40 },
      ]);
    } finally {
      await duck.close();
    }
    expect(k["2025-11"]!.revenue).toBe(98.47);
    expect(k["2026-01"]!.revenue).toBe(5);
  });

  it("category sales: Unknown product, Uncategorised, margin only over known costs, with its coverage", () => {
    const nov = k["2025-11"]!;
    expect(nov.categories).toEqual([
      // n1: p1 40 (cost 25 → margin 15) + p4 20 (no cost).
      { category: "Home", units: 2, sales: 60, salesWithCost: 40, margin: 15, marginCoverage: 40 / 60 },
      { category: "Kitchen", units: 2, sales: 19.6, salesWithCost: 0, margin: null, marginCoverage: 0 },
      // p3: no category, cost 3.00: 3 × (3.33 − 3.00) = 0.99.
      { category: "Uncategorised", units: 3, sales: 9.99, salesWithCost: 9.99, margin: 0.99, marginCoverage: 1 },
      { category: "Unknown product", units: 1, sales: 7.77, salesWithCost: 0, margin: null, marginCoverage: 0 },
    ]);
    expect(nov.margin.value).toBeCloseTo(15.99, 10);
    expect(nov.margin.salesWithCost).toBeCloseTo(49.99, 10);
    expect(nov.margin.coverage).toBeCloseTo(49.99 / 97.36, 12);
    // Nothing with a known cost: no margin at all, coverage 0 (not a margin of 0).
    expect(k["2026-01"]!.categories).toEqual([{ category: "Kitchen", units: 1, sales: 5, salesWithCost: 0, margin: null, marginCoverage: 0 }]);
    expect(k["2026-01"]!.margin).toEqual({ value: null, salesWithCost: 0, coverage: 0 });
  });

  it("a null product name reads as the product id in the curated lines", async () => {
    const duck = await Duck.open({ timeZone: "UTC" });
    try {
      const rows = await duck.all(
        `SELECT product_id, product_name, category, unit_cost, line_margin FROM read_parquet('${env.dataDir}/lake/curated/fact_order_items_enriched/month=2025-11/*.parquet') WHERE order_id = 'n2' ORDER BY product_id`,
      );
      expect(rows).toEqual([
        { product_id: "p2", product_name: "Mug", category: "Kitchen", unit_cost: null, line_margin: null },
        { product_id: "p3", product_name: "p3", category: "Uncategorised", unit_cost: 3, line_margin: 0.99 },
        { product_id: "p404", product_name: "p404", category: "Unknown product", unit_cost: null, line_margin: null },
      ]);
    } finally {
      await duck.close();
    }
  });

  it("a month without sessions and events: funnel and sessions heatmap not available (not zeros), with the reason", () => {
    for (const month of ["2025-11", "2026-01"]) {
      const m = k[month]!;
      expect(m.funnel).toEqual({ available: false, missing: ["sessions", "events"], reason: "this month has no sessions or events" });
      expect(m.heatmap.sessions).toEqual({ available: false, missing: ["sessions"], reason: "this month has no sessions" });
      // The orders heatmap needs only orders: 2025-11-03 is a Monday, n1 at 09:04.
      expect(m.heatmap.orders.available && m.heatmap.orders.cells).toHaveLength(168);
    }
    const novemberOrders = k["2025-11"]!.heatmap.orders;
    expect((novemberOrders.available ? novemberOrders.cells : []).find(([d, h]) => d === 1 && h === 9)?.[2]).toBe(1);
    // December received both: the funnel is there.
    expect(k["2025-12"]!.funnel).toMatchObject({ available: true, sessions: 2, browsed: 2, cart: 1, checkout: 1, purchased: 1 });
    expect(k["2025-12"]!.heatmap.sessions.available).toBe(true);
  });

  it("a month without orders: revenue, orders, buyers, AOV and every order panel not available, never 0", async () => {
    const feb = k["2026-02"]!;
    expect(feb.missing).toEqual(["orders", "order_items", "reviews"]);
    expect(feb).toMatchObject({ revenue: null, orders: null, buyers: null, aov: null, weekly: [], categories: [], revenueByCountry: {}, revenueByChannel: {} });
    // January had orders, February none: no change to compute (it was −100 %).
    expect(feb.mom).toEqual({ revenue: null, orders: null, buyers: null, aov: null });
    expect(feb.heatmap.orders).toEqual({ available: false, missing: ["orders"], reason: "this month has no orders" });
    expect(feb.postSale).toEqual({ available: false, missing: ["orders"], reason: "this month has no orders" });
    // Its sessions and events are there: the funnel is, and counts the purchase event.
    expect(feb.funnel).toMatchObject({ available: true, sessions: 1, browsed: 1, purchased: 1 });
    expect(kpisText(feb)[0]).toBe("2026-02: revenue, orders, buyers and AOV not available (no orders)");
    expect(kpisText(feb).join("\n")).not.toMatch(/undefined|NaN|null/);
    const csvLines = chartCsv(feb, "kpis").trim().split("\r\n");
    expect(csvLines).toContain("2026-02,revenue,not available,,this month has no orders");
    expect(csvLines).toContain("2026-02,orders,not available,,this month has no orders");
    // Every chart on orders says so in its CSV (they were header-only).
    expect(chartCsv(feb, "weekly").trim().split("\r\n")[1]).toBe("2026-02,not available,not available,not available,not available");
    expect(chartCsv(feb, "categories").trim().split("\r\n")).toHaveLength(2);
    for (const chart of ["country", "channel"] as const) expect(chartCsv(feb, chart).trim().split("\r\n")[1]).toBe("2026-02,not available,not available");
    const heat = chartCsv(feb, "heatmap").trim().split("\r\n");
    expect(heat).toHaveLength(169);
    expect(heat).toContain("2026-02,1,10,1,not available,orders: this month has no orders");
    // The range: the month is loaded but has no numbers; a cohort's share there is not 0 %.
    const range = await getRangeKpis("2025-11", "2026-02", {});
    expect(range.months.map((m) => [m.month, m.revenue, m.orders])).toEqual([["2025-11", 98.47, 2], ["2025-12", 10, 1], ["2026-01", 5, 1], ["2026-02", null, null]]);
    expect(range.months[3]!.mom).toEqual({ revenue: null, orders: null, buyers: null, aov: null });
    expect(range.months[3]!.missing).toContain("orders");
    expect(range.history["2026-02"]).toBeNull();
    expect(range.customers.map((c) => c.month)).toEqual(["2025-11", "2025-12", "2026-01"]);
    expect(range.cohorts.find((c) => c.cohort === "2025-11")!.retention.map((r) => [r.month, r.share])).toEqual([["2025-12", 0.5], ["2026-01", 0.5], ["2026-02", null]]);
    const trend = rangeCsv(range, "trend").trim().split("\r\n");
    expect(trend[4]).toMatch(/^2025-11,2026-02,all,all,all,all,2026-02,not available,not available,not available,not available,/);
  });

  it("the post-sale review share counts reviews of later months: 50 % with November alone, 100 % once December is loaded", () => {
    expect(novAlone.postSale).toMatchObject({ available: true, reviewShare: 0.5, reviewedOrders: 1 });
    expect(k["2025-11"]!.postSale).toMatchObject({ available: true, reviewShare: 1, reviewedOrders: 2, note: expect.stringMatching(/grows as later months/) });
    // January has no reviews, and no later month does: not available, never 0 %.
    expect(k["2026-01"]!.postSale).toEqual({ available: false, missing: ["reviews"], reason: "no reviews loaded for this month or later" });
  });

  it("the kpis text says what is not available and never prints undefined", () => {
    const jan = kpisText(k["2026-01"]!).join("\n");
    expect(jan).not.toMatch(/undefined|NaN/);
    expect(jan).toContain("funnel: not available (no sessions, no events)");
    expect(jan).toContain("sessions heatmap: not available (no sessions)");
    expect(jan).toContain("post-sale review share: not available (no reviews)");
    expect(jan).toContain("margin: not available (no product cost known)");
    const nov = kpisText(k["2025-11"]!).join("\n");
    expect(nov).not.toMatch(/undefined|NaN/);
    expect(nov).toContain("post-sale review share: 100.0% (2 of 2 orders; grows as later months load)");
    expect(nov).toMatch(/Kitchen +units 2 +sales 19\.60 +margin not available \(no cost\)/);
    expect(nov).toContain("margin 15.00 on 66.7% of sales");
  });

  it("chart CSVs: an explicit not-available marker (never 0 or blank), the coverage column, the note", () => {
    const lines = (chart: Parameters<typeof chartCsv>[1], month = "2026-01") => chartCsv(k[month]!, chart).trim().split("\r\n");
    const funnel = lines("funnel");
    expect(funnel[0]).toBe("month,step,sessions_reaching,conversion_from_previous,drop_from_previous,biggest_drop,note");
    expect(funnel[1]).toBe("2026-01,sessions,not available,not available,not available,,this month has no sessions or events");
    const heat = lines("heatmap");
    expect(heat).toHaveLength(169);
    expect(heat.slice(1).every((l) => /^2026-01,\d,\d+,not available,\d+,sessions: this month has no sessions$/.test(l))).toBe(true);
    expect(lines("categories", "2025-11")).toEqual([
      "month,category,units,sales,sales_with_cost,margin,margin_coverage",
      `2025-11,Home,2,60,40,15,${40 / 60}`,
      "2025-11,Kitchen,2,19.6,0,not available,0",
      "2025-11,Uncategorised,3,9.99,9.99,0.99,1",
      "2025-11,Unknown product,1,7.77,0,not available,0",
    ]);
    const kpis = lines("kpis");
    expect(kpis).toContain("2026-01,margin,not available,,over the lines whose product cost is known");
    expect(kpis).toContain("2026-01,post_sale_review_share,not available,,no reviews loaded for this month or later");
    expect(lines("kpis", "2025-11")).toContain("2025-11,post_sale_review_share,1,,Reviews arrive weeks after the order: this share grows as later months are loaded.");
  });

  it("the database holds the flags, sales with cost and the reviewed orders", async () => {
    const sql = await getSql();
    expect(await sql.query(`SELECT month, has_orders, has_order_items, has_sessions, has_events, has_reviews FROM analytics.mart_kpis ORDER BY month`)).toEqual([
      { month: "2025-11", has_orders: true, has_order_items: true, has_sessions: false, has_events: false, has_reviews: true },
      { month: "2025-12", has_orders: true, has_order_items: true, has_sessions: true, has_events: true, has_reviews: true },
      { month: "2026-01", has_orders: true, has_order_items: true, has_sessions: false, has_events: false, has_reviews: false },
      { month: "2026-02", has_orders: false, has_order_items: false, has_sessions: true, has_events: true, has_reviews: false },
    ]);
    expect(await sql.query(`SELECT category, sales_with_cost::text AS c, margin::text AS m FROM analytics.mart_category_sales WHERE month = '2025-11' ORDER BY category`)).toEqual([
      { category: "Home", c: "40.0000", m: "15.0000" },
      { category: "Kitchen", c: "0.0000", m: null },
      { category: "Uncategorised", c: "9.9900", m: "0.9900" },
      { category: "Unknown product", c: "0.0000", m: null },
    ]);
    expect(await sql.query(`SELECT month, order_id FROM analytics.mart_reviewed_orders ORDER BY month`)).toEqual([
      { month: "2025-11", order_id: "n1" },
      { month: "2025-12", order_id: "n2" },
    ]);
  });

  it("Athena (the fake, over the same curated Parquet as the crawler catalogues it) gives the same numbers", async () => {
    const f = await FakeAthena.create("shoplake");
    for (const t of QUERY_TABLES) await f.tableFromParquet(t, `${env.dataDir}/lake/curated/${t}/*/*.parquet`);
    const athena = new AthenaAnalytics({ workgroup: "w", database: "shoplake", client: f.client, retry: fastRetry, sleep: noSleep });
    for (const month of MONTHS) {
      const a = await queryMonthKpis(athena, month, k[month]!.dataAsOf);
      expect(a, month).toEqual(k[month]);
    }
    expect((await queryMonthKpis(athena, "2026-01", null))!.funnel.available).toBe(false);
  });
});
