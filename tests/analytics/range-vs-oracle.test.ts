import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getMonthKpis } from "@/lib/services/month-kpis";
import { queryFilterOptions, queryRangeKpis } from "@/lib/analytics/query-range";
import type { RangeKpis } from "@/lib/analytics/range-types";
import { QUERY_TABLES } from "@/lib/analytics/queries";
import { AthenaAnalytics } from "@/lib/aws/athena-analytics";
import { getBackend } from "@/lib/wiring";
import type { Analytics } from "@/lib/backend/types";
import { generateMonths } from "@/lib/generator";
import { fastRetry, noSleep } from "../aws/fakes/aws-error";
import { FakeAthena } from "../aws/fakes/fake-athena";
import { loadMonth } from "../support/expected-kpis";
import { enrichedOrders, expectedRange, type OracleFilters } from "../support/expected-range";
import { freshPipelineEnv, runPaths } from "../support/pipeline-env";

// Four generated months (one a year before the last, for year-over-year), customers who buy again.
const TZ = "Europe/Paris";
const MONTHS = ["2024-03", "2025-01", "2025-02", "2025-03"];
const [FROM, TO] = ["2025-01", "2025-03"];

describe("range numbers equal their months and an independent computation over generated data", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  let orders: ReturnType<typeof enrichedOrders>;
  let analytics: Analytics;
  let currencies: string[];

  beforeAll(async () => {
    env = await freshPipelineEnv({ timeZone: TZ });
    const genDir = await mkdtemp(path.join(os.tmpdir(), "shoplake-gen-"));
    const files = await generateMonths({ outDir: genDir, months: MONTHS, scale: 0.02, seed: 11, businessTimeZone: TZ });
    const loaded: Record<string, Awaited<ReturnType<typeof loadMonth>>> = {};
    for (const month of MONTHS) {
      const r = await runPaths(month, files.filter((f) => f.month === month).map((f) => f.path));
      expect(r.run.status).toBe("succeeded");
      loaded[month] = await loadMonth(path.join(genDir, month));
    }
    orders = enrichedOrders(loaded);
    const recognised = Object.values(loaded).flatMap((m) => m.orders.filter((o) => ["paid", "shipped", "delivered"].includes(String(o.status).toLowerCase())));
    currencies = [...new Set(recognised.map((o) => String(o.currency || "USD").toUpperCase()))].sort();
    analytics = (await getBackend()).analytics;
  });
  afterAll(async () => env.cleanup());

  /** Every card and chart of the range against the oracle under the same filters. */
  function expectOracle(r: RangeKpis, f: OracleFilters) {
    const exp = expectedRange(orders, FROM, TO, f);
    expect(r.months.map((m) => m.month)).toEqual(exp.months.map((m) => m.month));
    for (const [i, m] of r.months.entries()) {
      const e = exp.months[i]!;
      expect(m.orders, `${m.month} orders`).toBe(e.orders);
      expect(m.buyers, `${m.month} buyers`).toBe(e.buyers);
      expect(m.revenue, `${m.month} revenue`).toBeCloseTo(e.revenue, 2);
      if (e.aov === null) expect(m.aov).toBeNull();
      else expect(m.aov!).toBeCloseTo(e.aov, 6);
    }
    expect(r.total.orders).toBe(exp.total.orders);
    expect(r.total.buyers).toBe(exp.total.buyers);
    expect(r.total.revenue).toBeCloseTo(exp.total.revenue, 2);
    expect(r.customers).toEqual(exp.customers);
    for (const c of r.cohorts) {
      expect(c.size, `cohort ${c.cohort}`).toBe(exp.cohorts[c.cohort]![c.cohort]);
      for (const cell of c.retention) expect(cell.buyers, `${c.cohort}+${cell.monthsAfter}`).toBe(exp.cohorts[c.cohort]![cell.month] ?? 0);
    }
    expect(r.cohorts.map((c) => c.cohort)).toEqual(Object.keys(exp.cohorts).sort());
    expect(Object.keys(r.revenueByCountry).sort()).toEqual(Object.keys(exp.revenueByCountry).sort());
    for (const [k, v] of Object.entries(exp.revenueByCountry)) expect(r.revenueByCountry[k]).toBeCloseTo(v, 2);
    expect(Object.keys(r.revenueByChannel).sort()).toEqual(Object.keys(exp.revenueByChannel).sort());
    for (const [k, v] of Object.entries(exp.revenueByChannel)) expect(r.revenueByChannel[k]).toBeCloseTo(v, 2);
    expect(r.categories.map((c) => c.category).sort()).toEqual(Object.keys(exp.categories).sort());
    for (const c of r.categories) {
      const e = exp.categories[c.category]!;
      expect(c.units).toBe(e.units);
      expect(c.sales).toBeCloseTo(e.sales, 4);
      expect(c.salesWithCost).toBeCloseTo(e.salesWithCost, 4);
      expect(c.margin!).toBeCloseTo(e.margin!, 4);
    }
    const topSales = Object.values(exp.products).map((p) => p.sales).sort((a, b) => b - a);
    expect(r.topProducts.length).toBe(Math.min(20, topSales.length));
    for (const [i, p] of r.topProducts.entries()) {
      const e = exp.products[p.productId]!;
      expect(p.units, p.productId).toBe(e.units);
      expect(p.sales).toBeCloseTo(e.sales, 4);
      expect(p.sales).toBeCloseTo(topSales[i]!, 4);
      expect(p.margin!).toBeCloseTo(e.margin!, 4);
      expect(p.marginCoverage).toBe(1);
    }
  }

  it("unfiltered: every card equals the oracle; customers come back", async () => {
    const r = await queryRangeKpis(analytics, FROM, TO, {});
    expectOracle(r, {});
    expect(r.months).toHaveLength(3);
    expect(r.total.orders).toBeGreaterThan(300);
    expect(r.customers.slice(1).every((c) => c.returningBuyers > 0)).toBe(true);
    expect(r.cohorts[0]!.retention[0]!.buyers).toBeGreaterThan(0);
    // The currencies the orders are in, for the page's note (read from the files, not the lake).
    expect(r.currencies).toEqual({ count: currencies.length, first: currencies[0], last: currencies.at(-1) });
  });

  it("range numbers are made of the single-month numbers: sums, distinct buyers, MoM and YoY", async () => {
    const r = await queryRangeKpis(analytics, FROM, TO, {});
    for (const m of r.months) {
      const k = (await getMonthKpis(m.month))!;
      expect([m.revenue, m.orders, m.buyers, m.aov], m.month).toEqual([k.revenue, k.orders, k.buyers, k.aov]);
      if (k.mom) for (const key of ["revenue", "orders", "buyers", "aov"] as const) expect(m.mom![key]!).toBeCloseTo(k.mom[key]!, 12);
      const single = await queryRangeKpis(analytics, m.month, m.month, {});
      expect(single.total).toEqual({ revenue: k.revenue, orders: k.orders, buyers: k.buyers, aov: k.aov });
      expect(single.revenueByCountry).toEqual(k.revenueByCountry);
      expect(single.revenueByChannel).toEqual(k.revenueByChannel);
      expect(single.categories).toEqual(k.categories);
    }
    expect(r.total.revenue).toBeCloseTo(r.months.reduce((s, m) => s + m.revenue!, 0), 2);
    expect(r.total.orders).toBe(r.months.reduce((s, m) => s + m.orders!, 0));
    expect(r.total.buyers).toBeLessThan(r.months.reduce((s, m) => s + m.buyers!, 0));
    expect(r.total.aov).toBeCloseTo(r.total.revenue / r.total.orders, 10);
    expect(r.months[0]!.mom).toBeNull(); // 2024-12 is not loaded
    const mar = r.months[2]!;
    const lastYear = (await getMonthKpis("2024-03"))!;
    expect(mar.yoy!.revenue!).toBeCloseTo((mar.revenue! - lastYear.revenue!) / lastYear.revenue!, 12);
    expect(r.months[0]!.yoy).toBeNull();
  });

  it("each filter, alone and together: every card equals the oracle restricted to it", async () => {
    const all = expectedRange(orders, FROM, TO);
    const top = (o: Record<string, { sales: number } | number>) =>
      Object.entries(o).sort((a, b) => (typeof b[1] === "number" ? b[1] : b[1].sales) - (typeof a[1] === "number" ? a[1] : a[1].sales))[0]![0];
    const country = top(all.revenueByCountry);
    const channel = top(all.revenueByChannel);
    const category = top(all.categories);
    const cases: OracleFilters[] = [{ country }, { channel }, { device: "mobile" }, { category }, { country, channel, category }];
    for (const f of cases) {
      const r = await queryRangeKpis(analytics, FROM, TO, f as never);
      expect(r.total.orders, JSON.stringify(f)).toBeGreaterThan(0);
      expect(r.total.orders).toBeLessThan(all.total.orders);
      expectOracle(r, f);
    }
  });

  it("the filter bar's choices (read from the monthly marts) are the range's countries and categories", async () => {
    const exp = expectedRange(orders, FROM, TO);
    expect(await queryFilterOptions(analytics, FROM, TO)).toEqual({
      countries: Object.keys(exp.revenueByCountry).sort(),
      categories: Object.keys(exp.categories).sort(),
    });
    // A period of one month has that month's choices only.
    const jan = expectedRange(orders, FROM, FROM);
    expect((await queryFilterOptions(analytics, FROM, FROM)).countries).toEqual(Object.keys(jan.revenueByCountry).sort());
  });

  it("filters cannot inject SQL: values outside their whitelist are refused", async () => {
    const p = { from: FROM, to: TO, country: "", channel: "", device: "", category: "" };
    await expect(analytics.query("range_totals", { ...p, country: "FR' OR '1'='1" })).rejects.toThrow(/country/);
    await expect(analytics.query("range_totals", { ...p, channel: "email; DROP TABLE x" })).rejects.toThrow(/channel/);
    await expect(analytics.query("range_totals", { ...p, category: "Home\u0000; DROP TABLE x" })).rejects.toThrow(/category/);
    // A category is the shop's own text: quotes and semicolons stay inside the literal (no rows, no error).
    for (const category of ["Home' OR 'x", "Home'; DROP TABLE x; --"]) {
      expect(await analytics.query("range_totals", { ...p, category })).toEqual([{ revenue: 0, orders: 0, buyers: 0, currencies: 0, first_currency: null, last_currency: null }]);
    }
    await expect(analytics.query("range_totals", { ...p, device: "phone" })).rejects.toThrow(/device/);
  });

  it("Athena (the fake, over the same curated Parquet as the crawler catalogues it) gives the same range", async () => {
    const f = await FakeAthena.create("shoplake");
    for (const t of QUERY_TABLES) await f.tableFromParquet(t, `${env.dataDir}/lake/curated/${t}/*/*.parquet`);
    const athena = new AthenaAnalytics({ workgroup: "w", database: "shoplake", client: f.client, retry: fastRetry, sleep: noSleep });
    const country = Object.keys(expectedRange(orders, FROM, TO).revenueByCountry)[0]!;
    for (const filters of [{}, { country }]) expect(await queryRangeKpis(athena, FROM, TO, filters)).toEqual(await queryRangeKpis(analytics, FROM, TO, filters));
    expect(await queryFilterOptions(athena, FROM, TO)).toEqual(await queryFilterOptions(analytics, FROM, TO));
  });
});
