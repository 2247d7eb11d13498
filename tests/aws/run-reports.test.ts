import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalLakeStorage } from "@/lib/local/local-storage";
import { qualityFromReports, readRunReports, reportKey } from "@/lib/aws/run-reports";

describe("run reports written by the Glue jobs", () => {
  let dir: string;
  let lake: LocalLakeStorage;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "reports-"));
    lake = new LocalLakeStorage(dir, { uploadBaseUrl: "", secret: "s".repeat(32) });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const q = (table: string, over = {}) => ({ table, status: "ok", file: `${table}.csv`, rowsIn: 3, rowsOut: 3, rejected: 0, duplicates: 0, orphans: 0, topReasons: [], warnings: [], error: null, ...over });

  it("reads what exists, null for what does not, and folds job 2's orphans into the quality", async () => {
    await lake.put(reportKey("batch-a", "job1"), JSON.stringify({ job: "job1", tables: [q("orders"), q("order_items")], durationMs: 5 }));
    await lake.put(reportKey("batch-a", "job2"), JSON.stringify({ job: "job2", tables: [{ table: "fact_orders_enriched", rows: 3 }], orphans: { order_items: 2 }, durationMs: 7 }));
    const r = await readRunReports(lake, "batch-a");
    expect(r.job3).toBeNull();
    expect(r.summary).toBeNull();
    expect(qualityFromReports(r).map((t) => [t.table, t.orphans])).toEqual([["orders", 0], ["order_items", 2]]);
  });

  it("a malformed report is an error naming the field", async () => {
    await lake.put(reportKey("batch-b", "summary"), JSON.stringify({ status: "done", error: null, finishedAt: "x" }));
    await expect(readRunReports(lake, "batch-b")).rejects.toThrow(/summary.json is not a valid summary report: status/);
  });
});
