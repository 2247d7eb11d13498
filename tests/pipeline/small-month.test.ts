import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getMonthKpis } from "@/lib/services/month-kpis";
import { getSql } from "@/lib/db/client";
import { Duck } from "@/lib/pipeline/duck";
import { fullMonth } from "../support/fixtures";
import { freshPipelineEnv, runBatch } from "../support/pipeline-env";

// A hand-made month whose numbers are worked out by hand in the comments below.
describe("a small month end to end (local backend, PGlite)", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  let result: Awaited<ReturnType<typeof runBatch>>;
  const files = fullMonth("2025-11");

  beforeAll(async () => {
    env = await freshPipelineEnv();
    result = await runBatch(path.join(env.dataDir, "in"), "2025-11", files);
  });
  afterAll(async () => env.cleanup());

  it("succeeds with every step recorded in order", () => {
    expect(result.run.error).toBeNull();
    expect(result.run.status).toBe("succeeded");
    expect(result.run.steps.map((s) => [s.name, s.status])).toEqual([
      ["ValidateBatch", "succeeded"],
      ["Job1RawToProcessed", "succeeded"],
      ["Job2ProcessedToCurated", "succeeded"],
      ["QualityGate", "succeeded"],
      ["Job3CuratedToDatabase", "succeeded"],
      ["CrawlProcessed", "succeeded"],
      ["CrawlCurated", "succeeded"],
      ["PublishRunSummary", "succeeded"],
    ]);
    for (const s of result.run.steps) expect(s.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("reports rows in/out per table", () => {
    expect(result.quality.orders).toMatchObject({ rowsIn: 3, rowsOut: 3, rejected: 0, duplicates: 0 });
    expect(result.quality.events).toMatchObject({ rowsIn: 7, rowsOut: 7 });
    expect(result.quality.reviews).toMatchObject({ rowsIn: 1, rowsOut: 1 });
  });

  it("computes the contract's numbers", async () => {
    const k = await getMonthKpis("2025-11");
    expect(k).not.toBeNull();
    // Recognised: o1 (paid 54.00) and o2 (delivered 21.60); o3 is cancelled.
    expect(k!.revenue).toBeCloseTo(75.6, 6);
    expect(k!.orders).toBe(2);
    expect(k!.buyers).toBe(2);
    expect(k!.aov).toBeCloseTo(37.8, 6);
    expect(k!.mom).toBeNull();
    // o1 has no country: the customer's (fr → FR); no channel: the session's (paid_search).
    expect(k!.revenueByCountry).toEqual({ FR: 54, DE: 21.6 });
    expect(k!.revenueByChannel).toEqual({ paid_search: 54, email: 21.6 });
    // Lines of recognised orders: Home 1 × 40 (margin 15); Kitchen 2 × 10 − 2 (margin 2 × 6 − 2).
    expect(k!.categories).toEqual([
      { category: "Home", units: 1, sales: 40, salesWithCost: 40, margin: 15, marginCoverage: 1 },
      { category: "Kitchen", units: 2, sales: 18, salesWithCost: 18, margin: 10, marginCoverage: 1 },
    ]);
    expect(k!.margin).toEqual({ value: 25, salesWithCost: 58, coverage: 1 });
    expect(k!.funnel).toMatchObject({ available: true, sessions: 3, browsed: 3, cart: 2, checkout: 1, purchased: 1 });
    expect(k!.funnel).toMatchObject({ biggestDrop: { from: "cart", to: "checkout", conversion: 0.5 } });
    expect(k!.postSale).toMatchObject({ available: true, reviewShare: 0.5, reviewedOrders: 1 });
    expect(k!.weekly.reduce((s, w) => s + w.revenue, 0)).toBeCloseTo(75.6, 6);
    expect(k!.weekly.map((w) => w.week)).toEqual(["2025-W44", "2025-W45", "2025-W46", "2025-W47", "2025-W48"]);
    // 2025-11-03 is a Monday: o1 at 09:04 → [1, 9]; s2 started Tuesday 20:00 → [2, 20].
    const orders = k!.heatmap.orders.available ? k!.heatmap.orders.cells : [];
    expect(orders.find(([d, h]) => d === 1 && h === 9)?.[2]).toBe(1);
    const sessions = k!.heatmap.sessions.available ? k!.heatmap.sessions.cells : [];
    expect(sessions.find(([d, h]) => d === 2 && h === 20)?.[2]).toBe(1);
    expect(sessions).toHaveLength(168);
    expect(k!.dataAsOf?.runId).toBe(result.runId);
  });

  it("keeps free text intact through CSV quoting and Parquet", async () => {
    const duck = await Duck.open({ timeZone: "UTC" });
    try {
      const rows = await duck.all(`SELECT title, comment FROM read_parquet('${env.dataDir}/lake/processed/reviews/*/*.parquet')`);
      expect(rows).toEqual([{ title: 'Great, "really"', comment: "Line one\nline two, with comma — très bien 日本語" }]);
    } finally {
      await duck.close();
    }
  });

  it("loads the facts into the analytics schema", async () => {
    const sql = await getSql();
    const [orders] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM analytics.fact_orders_enriched WHERE month = '2025-11'`);
    const [items] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM analytics.fact_order_items_enriched WHERE month = '2025-11'`);
    const [kpi] = await sql.query<{ revenue: string }>(`SELECT revenue::text AS revenue FROM analytics.mart_kpis WHERE month = '2025-11'`);
    expect(orders?.n).toBe(3);
    expect(items?.n).toBe(3);
    expect(Number(kpi?.revenue)).toBeCloseTo(75.6, 6);
  });

  it("keeps the raw files byte for byte", async () => {
    for (const [name, content] of Object.entries(files)) {
      const table = name.replace(".csv", "");
      const key = `raw/${table}/month=2025-11/batch=${result.batchId}/${name}`;
      const stored = await readFile(path.join(env.dataDir, "lake", key));
      expect(createHash("sha256").update(stored).digest("hex")).toBe(createHash("sha256").update(content).digest("hex"));
    }
  });

  it("writes a manifest and a catalog of both layers", async () => {
    const manifest = JSON.parse(await readFile(path.join(env.dataDir, "lake", `raw/_manifests/month=2025-11/batch=${result.batchId}.json`), "utf8"));
    expect(manifest.files).toHaveLength(7);
    const { listCatalog } = await import("@/lib/db/catalog");
    const catalog = await listCatalog();
    const orders = catalog.find((t) => t.layer === "processed" && t.name === "orders");
    expect(orders?.rowCount).toBe(3);
    expect(orders?.columns.map((c) => c.name)).toContain("order_ts");
    expect(catalog.find((t) => t.layer === "curated" && t.name === "mart_heatmap")?.rowCount).toBe(168);
  });
});
