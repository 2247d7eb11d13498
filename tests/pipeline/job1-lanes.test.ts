import { describe, expect, it } from "vitest";
import { getBackend } from "@/lib/wiring";
import { runJob1, tablesAlone, TYPED_BYTES_PER_CSV_BYTE } from "@/lib/pipeline/jobs/job1-raw-to-processed";
import { monthForJobs } from "../support/pipeline-env";

// Job 1 works on two tables at a time, each on its own DuckDB connection.
describe("job 1's two lanes", () => {
  const month = monthForJobs("2025-11");

  it("reports every table in the manifest's order", async () => {
    const r = await runJob1(await month.jobContext("order"));
    expect(r.tables.map((t) => t.table)).toEqual(month.manifest.files.map((f) => f.table));
    expect(r.tables.every((t) => t.status === "ok")).toBe(true);
  });

  it("reads the files too large to share the memory one at a time, with the same result", async () => {
    const byLanes = await runJob1(await month.jobContext("lanes"));
    const real = (await getBackend()).lake;
    const events: string[] = [];
    const [first, second, ...rest] = [...month.manifest.files].sort((a, b) => b.size - a.size);
    const lake = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop !== "stageIn") return Reflect.get(target, prop, receiver);
        return async (key: string, workDir: string) => {
          events.push(`stage ${key}`);
          return target.stageIn(key, workDir);
        };
      },
    });
    const ctx = { ...(await month.jobContext("alone")), lake };
    const log = ctx.log;
    ctx.log = (level, message) => {
      events.push(`log ${message}`);
      log(level, message);
    };
    const alone = await runJob1(ctx, { tablesAlone: 2 });
    // The second largest is not staged before the largest is done, nor the rest before the second is.
    const at = (prefix: string) => events.findIndex((e) => e.startsWith(prefix));
    expect(at(`log ${first!.table}: `)).toBeLessThan(at(`stage ${second!.key}`));
    for (const f of rest) expect(at(`log ${second!.table}: `)).toBeLessThan(at(`stage ${f.key}`));
    const rows = (r: typeof alone) => r.tables.map((t) => [t.table, t.status, t.rowsIn, t.rowsOut, t.rejected]);
    expect(rows(alone)).toEqual(rows(byLanes));
  });

  it("takes a file alone while it and the next would not fit in 80 % of the memory limit", () => {
    const mb = 1024 * 1024;
    const limit = 1400 * mb;
    // The scale-30 month: events 1,296 MB and sessions 492 MB of CSV; then orders 90 MB.
    expect(tablesAlone([1296 * mb, 492 * mb, 90 * mb, 77 * mb], limit)).toBe(1);
    // The scale-10 month fits two at a time.
    expect(tablesAlone([426 * mb, 163 * mb, 30 * mb], limit)).toBe(0);
    // Two large files and a third: both large ones alone; one file alone is nothing to share.
    expect(tablesAlone([900 * mb, 800 * mb, 400 * mb, 1 * mb], limit)).toBe(2);
    expect(tablesAlone([5000 * mb], limit)).toBe(0);
    // The threshold itself.
    const pair = (limit * 0.8) / TYPED_BYTES_PER_CSV_BYTE;
    expect(tablesAlone([pair / 2, pair / 2], limit)).toBe(0);
    expect(tablesAlone([pair / 2 + 1, pair / 2], limit)).toBe(1);
  });

  it("an unexpected error ends the job with that error, and no other table is started", async () => {
    const real = (await getBackend()).lake;
    const asked: string[] = [];
    // The largest file is taken first; failing on it leaves the other lane one table at most.
    const largest = [...month.manifest.files].sort((a, b) => b.size - a.size)[0]!;
    const lake = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop !== "stageIn") return Reflect.get(target, prop, receiver);
        return async (key: string, workDir: string) => {
          asked.push(key);
          if (key === largest.key) throw new Error("disk on fire");
          return target.stageIn(key, workDir);
        };
      },
    });
    // The plan is made before (ValidateBatch reads the headers); the job's own reads fail.
    const ctx = { ...(await month.jobContext("broken")), lake };
    await expect(runJob1(ctx)).rejects.toThrow("disk on fire");
    // The failing table and the one the other lane had started; none after.
    expect(new Set(asked.filter((k) => k.startsWith("raw/"))).size).toBeLessThanOrEqual(2);
  });
});
