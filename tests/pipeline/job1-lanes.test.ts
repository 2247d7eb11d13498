import { describe, expect, it } from "vitest";
import { getBackend } from "@/lib/wiring";
import { runJob1 } from "@/lib/pipeline/jobs/job1-raw-to-processed";
import { monthForJobs } from "../support/pipeline-env";

// Job 1 works on two tables at a time, each on its own DuckDB connection.
describe("job 1's two lanes", () => {
  const month = monthForJobs("2025-11");

  it("reports every table in the manifest's order", async () => {
    const r = await runJob1(await month.jobContext("order"));
    expect(r.tables.map((t) => t.table)).toEqual(month.manifest.files.map((f) => f.table));
    expect(r.tables.every((t) => t.status === "ok")).toBe(true);
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
