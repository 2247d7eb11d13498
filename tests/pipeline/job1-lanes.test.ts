import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBackend } from "@/lib/backend";
import type { BatchManifest } from "@/lib/lake/manifest";
import type { LakeStorage } from "@/lib/lake/storage";
import { runJob1 } from "@/lib/pipeline/jobs/job1-raw-to-processed";
import { fullMonth } from "../support/fixtures";
import { freshPipelineEnv, runBatch } from "../support/pipeline-env";

// Job 1 works on two tables at a time, each on its own DuckDB connection.
describe("job 1's two lanes", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  let manifest: BatchManifest;

  beforeAll(async () => {
    env = await freshPipelineEnv();
    const r = await runBatch(path.join(env.dataDir, "in"), "2025-11", fullMonth("2025-11"));
    expect(r.run.status).toBe("succeeded");
    manifest = JSON.parse(await readFile(path.join(env.dataDir, "lake", `raw/_manifests/month=2025-11/batch=${r.batchId}.json`), "utf8"));
  });
  afterAll(async () => env.cleanup());

  const ctx = (lake: LakeStorage, name: string) => ({
    lake, manifest, executionName: name, timeZone: "UTC", workDir: path.join(env.dataDir, "work", name), log: () => undefined,
  });

  it("reports every table in the manifest's order", async () => {
    const r = await runJob1(ctx((await getBackend()).lake, "order"));
    expect(r.tables.map((t) => t.table)).toEqual(manifest.files.map((f) => f.table));
    expect(r.tables.every((t) => t.status === "ok")).toBe(true);
  });

  it("an unexpected error ends the job with that error, and no other table is started", async () => {
    const real = (await getBackend()).lake;
    const asked: string[] = [];
    // The largest file is taken first; failing on it leaves the other lane one table at most.
    const largest = [...manifest.files].sort((a, b) => b.size - a.size)[0]!;
    const lake = new Proxy(real, {
      get(target, prop, receiver) {
        if (prop !== "localPath") return Reflect.get(target, prop, receiver);
        return (key: string) => {
          asked.push(key);
          if (key === largest.key) throw new Error("disk on fire");
          return target.localPath(key);
        };
      },
    });
    await expect(runJob1(ctx(lake, "broken"))).rejects.toThrow("disk on fire");
    // The failing table and the one the other lane had started; none after.
    expect(new Set(asked.filter((k) => k.startsWith("raw/"))).size).toBeLessThanOrEqual(2);
  });
});
