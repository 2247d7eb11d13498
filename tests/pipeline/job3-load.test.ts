import { rm } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { getSql } from "@/lib/db/client";
import { runJob3 } from "@/lib/pipeline/jobs/job3-curated-to-database";
import { monthForJobs } from "../support/pipeline-env";

// Job 3 exports the next CSV while the database loads the previous one, all inside one transaction.
describe("job 3 loads the month in one transaction", () => {
  const month = monthForJobs("2025-11");
  const count = async (table: string) =>
    (await (await getSql()).query<{ n: number }>(`SELECT count(*)::int AS n FROM analytics.${table} WHERE month = '2025-11'`))[0]?.n;

  it("reloading a month replaces its rows (no double counting)", async () => {
    const r = await runJob3(await month.jobContext("reload"));
    expect(r.tables.find((t) => t.table === "fact_orders_enriched")?.rows).toBe(3);
    expect(await count("fact_orders_enriched")).toBe(3);
    expect(await count("fact_order_items_enriched")).toBe(3);
    expect(await count("mart_heatmap")).toBe(168);
  });

  it("a table that fails to load after others are loaded rolls the whole load back", async () => {
    const sql = await getSql();
    // A marker row: a committed reload would delete it, a rolled-back one leaves it.
    await sql.query(`INSERT INTO analytics.fact_orders_enriched (month, order_id) VALUES ('2025-11', 'marker')`);
    await sql.query(`UPDATE analytics.mart_kpis SET orders = -1 WHERE month = '2025-11'`);
    // The last table loaded refuses every row: the marts and the orders are loaded in the transaction by then.
    await sql.exec(`ALTER TABLE analytics.fact_order_items_enriched ADD CONSTRAINT refuse_load CHECK (order_item_id IS NULL) NOT VALID`);
    try {
      await expect(runJob3(await month.jobContext("refused"))).rejects.toThrow(/refuse_load/);
    } finally {
      await sql.exec(`ALTER TABLE analytics.fact_order_items_enriched DROP CONSTRAINT refuse_load`);
    }
    expect(await count("fact_orders_enriched")).toBe(4);
    expect(await sql.query(`SELECT orders FROM analytics.mart_kpis WHERE month = '2025-11'`)).toEqual([{ orders: -1 }]);
    expect(await count("fact_order_items_enriched")).toBe(3);
  });

  it("a curated table that is missing stops the job before anything is loaded", async () => {
    await rm(path.join(month.dataDir, "lake", "curated", "mart_heatmap"), { recursive: true, force: true });
    await expect(runJob3(await month.jobContext("broken"))).rejects.toThrow(/curated mart_heatmap for 2025-11 is missing/);
    expect(await count("fact_orders_enriched")).toBe(4);
    expect(await count("mart_heatmap")).toBe(168);
  });
});
