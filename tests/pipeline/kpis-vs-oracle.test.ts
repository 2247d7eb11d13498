import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getMonthKpis } from "@/lib/services/month-kpis";
import { generateMonths } from "@/lib/generator";
import { expectedKpis, loadMonth } from "../support/expected-kpis";
import { freshPipelineEnv, runPaths } from "../support/pipeline-env";

// Generated data in a time zone with a DST change in October, checked against a plain-TS oracle.
const TZ = "Europe/Paris";
const MONTHS = ["2025-10", "2025-11"];

describe("kpis equal an independent computation over generated data", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  let genDir: string;

  beforeAll(async () => {
    env = await freshPipelineEnv({ timeZone: TZ });
    genDir = await mkdtemp(path.join(os.tmpdir(), "shoplake-gen-"));
    const files = await generateMonths({ outDir: genDir, months: MONTHS, scale: 0.02, seed: 7, businessTimeZone: TZ });
    for (const month of MONTHS) {
      const r = await runPaths(month, files.filter((f) => f.month === month).map((f) => f.path));
      expect(r.run.status).toBe("succeeded");
      for (const q of Object.values(r.quality)) expect(q.rejected, `${q.table} rejects`).toBe(0);
    }
  });
  afterAll(async () => env.cleanup());

  for (const month of MONTHS) {
    it(`${month}: every number of the dashboard`, async () => {
      const exp = expectedKpis(await loadMonth(path.join(genDir, month)), TZ);
      const k = (await getMonthKpis(month))!;
      expect(k.orders).toBe(exp.orders);
      expect(k.orders).toBeGreaterThan(100);
      expect(k.revenue).toBeCloseTo(exp.revenue, 2);
      expect(k.buyers).toBe(exp.buyers);
      expect(k.aov!).toBeCloseTo(exp.aov, 6);
      expect(k.funnel).toMatchObject({ available: true, ...exp.funnel, biggestDrop: { from: "cart", to: "checkout" } });
      expect(k.postSale.available && k.postSale.reviewShare).toBeCloseTo(exp.postSaleReviewShare, 10);
      expect(Object.keys(k.revenueByCountry).sort()).toEqual(Object.keys(exp.revenueByCountry).sort());
      for (const [c, v] of Object.entries(exp.revenueByCountry)) expect(k.revenueByCountry[c]).toBeCloseTo(v, 2);
      expect(Object.keys(k.revenueByChannel).sort()).toEqual(Object.keys(exp.revenueByChannel).sort());
      for (const [c, v] of Object.entries(exp.revenueByChannel)) expect(k.revenueByChannel[c]).toBeCloseTo(v, 2);
      for (const w of k.weekly) expect(w.revenue).toBeCloseTo(exp.weekly[w.weekStart] ?? 0, 2);
      expect(k.weekly.reduce((s, w) => s + w.revenue, 0)).toBeCloseTo(exp.revenue, 2);
      expect(k.categories.map((c) => c.category).sort()).toEqual(Object.keys(exp.categories).sort());
      for (const c of k.categories) {
        expect(c.units).toBe(exp.categories[c.category]!.units);
        expect(c.sales).toBeCloseTo(exp.categories[c.category]!.sales, 4);
        expect(c.margin!).toBeCloseTo(exp.categories[c.category]!.margin, 4);
        expect(c.marginCoverage).toBe(1);
      }
      expect(k.heatmap.sessions.available).toBe(true);
      for (const [d, h, n] of k.heatmap.sessions.available ? k.heatmap.sessions.cells : []) expect(n, `sessions ${d}/${h}`).toBe(exp.sessionsHeat.get(`${d}:${h}`) ?? 0);
      expect(k.heatmap.orders.available).toBe(true);
      for (const [d, h, n] of k.heatmap.orders.available ? k.heatmap.orders.cells : []) expect(n, `orders ${d}/${h}`).toBe(exp.ordersHeat.get(`${d}:${h}`) ?? 0);
    });
  }

  it("month over month compares with the previous month", async () => {
    const oct = expectedKpis(await loadMonth(path.join(genDir, "2025-10")), TZ);
    const nov = expectedKpis(await loadMonth(path.join(genDir, "2025-11")), TZ);
    const k = (await getMonthKpis("2025-11"))!;
    expect(k.mom!.revenue!).toBeCloseTo((nov.revenue - oct.revenue) / oct.revenue, 10);
    expect(k.mom!.orders!).toBeCloseTo((nov.orders - oct.orders) / oct.orders, 10);
    expect(k.mom!.buyers!).toBeCloseTo((nov.buyers - oct.buyers) / oct.buyers, 10);
    expect(k.mom!.aov!).toBeCloseTo((nov.aov - oct.aov) / oct.aov, 10);
    expect((await getMonthKpis("2025-10"))!.mom).toBeNull();
  });
});
