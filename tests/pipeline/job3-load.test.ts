import { rm } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getSql } from "@/lib/db/client";
import { runJob3 } from "@/lib/pipeline/jobs/job3-curated-to-database";
import { monthForJobs } from "../support/pipeline-env";

// Job 3 exports the next CSV while the database loads the previous one, all inside one transaction.
describe("job 3 loads the month in one transaction", () => {
  const month = monthForJobs("2025-11");
  const staged = async (name: string) => {
    await month.stageCurated(name);
    return month.jobContext(name);
  };
  const count = async (table: string) =>
    (await (await getSql()).query<{ n: number }>(`SELECT count(*)::int AS n FROM analytics.${table} WHERE month = '2025-11'`))[0]?.n;

  it("reloading a month replaces its rows (no double counting)", async () => {
    const r = await runJob3(await staged("reload"));
    expect(r.tables.find((t) => t.table === "fact_orders_enriched")?.rows).toBe(3);
    expect(await count("fact_orders_enriched")).toBe(3);
    expect(await count("fact_order_items_enriched")).toBe(3);
    expect(await count("mart_heatmap")).toBe(168);
  });

  it("a reloaded month's rows take the space of the load before last: the replaced rows are reclaimed, the tables do not grow", async () => {
    const sql = await getSql();
    // The highest line pointer in use: without a VACUUM each reload appends after every dead row before it
    // (PGlite has no autovacuum: 45 reloads of a scale-1 month left 1.6 GB).
    const highest = async (table: string) =>
      (await sql.query<{ off: number }>(`SELECT max((ctid::text::point)[1])::int AS off FROM analytics.${table}`))[0]!.off;
    await runJob3(await staged("space-1"));
    const first = { orders: await highest("fact_orders_enriched"), items: await highest("fact_order_items_enriched"), reviewed: await highest("mart_reviewed_orders") };
    for (const n of [2, 3, 4, 5]) await runJob3(await staged(`space-${n}`));
    expect(await count("fact_orders_enriched")).toBe(3);
    // Two loads' worth at most (the live one and the one it replaced), never five.
    expect(await highest("fact_orders_enriched")).toBeLessThanOrEqual(first.orders + 3);
    expect(await highest("fact_order_items_enriched")).toBeLessThanOrEqual(first.items + 3);
    expect(await highest("mart_reviewed_orders")).toBeLessThanOrEqual(first.reviewed + 1);
  });

  it("a database loaded before contract v2 gets the new columns and table, and loads", async () => {
    const sql = await getSql();
    await sql.exec(`DROP TABLE analytics.mart_kpis; DROP TABLE analytics.mart_category_sales; DROP TABLE analytics.mart_reviewed_orders;
      CREATE TABLE analytics.mart_kpis (month text PRIMARY KEY, revenue numeric(18, 2), orders bigint, buyers bigint, sessions bigint,
        browsed bigint, cart bigint, checkout bigint, purchased bigint, reviewed_orders bigint);
      CREATE TABLE analytics.mart_category_sales (month text NOT NULL, category text NOT NULL, units bigint, sales numeric(18, 4),
        margin numeric(18, 4), PRIMARY KEY (month, category));`);
    await runJob3(await staged("upgrade"));
    expect(await sql.query(`SELECT has_sessions, has_events, has_reviews FROM analytics.mart_kpis WHERE month = '2025-11'`)).toEqual([
      { has_sessions: true, has_events: true, has_reviews: true },
    ]);
    const cols = await sql.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'analytics' AND table_name = 'mart_kpis'`);
    expect(cols.map((c) => c.column_name)).not.toContain("reviewed_orders");
    expect(await sql.query(`SELECT category, sales_with_cost::text AS s FROM analytics.mart_category_sales WHERE month = '2025-11' ORDER BY category`)).toEqual([
      { category: "Home", s: "40.0000" },
      { category: "Kitchen", s: "18.0000" },
    ]);
    expect(await sql.query(`SELECT order_id FROM analytics.mart_reviewed_orders WHERE month = '2025-11'`)).toEqual([{ order_id: "o1" }]);
  });

  it("a table that fails to load after others are loaded rolls the whole load back", async () => {
    const sql = await getSql();
    // A marker row: a committed reload would delete it, a rolled-back one leaves it.
    await sql.query(`INSERT INTO analytics.fact_orders_enriched (month, order_id) VALUES ('2025-11', 'marker')`);
    await sql.query(`UPDATE analytics.mart_kpis SET orders = -1 WHERE month = '2025-11'`);
    // The last table loaded refuses every row: the marts and the orders are loaded in the transaction by then.
    await sql.exec(`ALTER TABLE analytics.fact_order_items_enriched ADD CONSTRAINT refuse_load CHECK (order_item_id IS NULL) NOT VALID`);
    try {
      await expect(runJob3(await staged("refused"))).rejects.toThrow(/refuse_load/);
    } finally {
      await sql.exec(`ALTER TABLE analytics.fact_order_items_enriched DROP CONSTRAINT refuse_load`);
    }
    expect(await count("fact_orders_enriched")).toBe(4);
    expect(await sql.query(`SELECT orders FROM analytics.mart_kpis WHERE month = '2025-11'`)).toEqual([{ orders: -1 }]);
    expect(await count("fact_order_items_enriched")).toBe(3);
  });

  it("a curated table that is missing stops the job before anything is loaded", async () => {
    await month.stageCurated("broken");
    await rm(path.join(month.dataDir, "lake", "staging", "2025-11", "broken", "curated", "mart_heatmap"), { recursive: true, force: true });
    await expect(runJob3(await month.jobContext("broken"))).rejects.toThrow(/staged curated mart_heatmap for 2025-11 of run broken is missing/);
    expect(await count("fact_orders_enriched")).toBe(4);
    expect(await count("mart_heatmap")).toBe(168);
  });
});
