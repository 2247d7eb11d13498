import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resetConfig } from "@/lib/config";
import { generateMonths } from "@/lib/generator";
import { lakeKeys } from "@/lib/lake/keys";
import { Duck, jobMemoryLimitBytes } from "@/lib/pipeline/duck";
import { eventsWritePasses, overlapsEventsWrite, runJob2 } from "@/lib/pipeline/jobs/job2-processed-to-curated";
import { monthForJobs } from "../support/pipeline-env";

describe("job 2 under the memory limit", () => {
  const saved = process.env.DUCKDB_MEMORY_LIMIT;
  afterEach(() => {
    if (saved === undefined) delete process.env.DUCKDB_MEMORY_LIMIT;
    else process.env.DUCKDB_MEMORY_LIMIT = saved;
    resetConfig();
  });

  it("reads DUCKDB_MEMORY_LIMIT in bytes, in DuckDB's units", () => {
    for (const [v, bytes] of [["1600MB", 1.6e9], ["2GB", 2e9], ["1.5GiB", 1.5 * 2 ** 30], ["512 MiB", 512 * 2 ** 20]] as const) {
      process.env.DUCKDB_MEMORY_LIMIT = v;
      resetConfig();
      expect(jobMemoryLimitBytes(), v).toBe(bytes);
    }
  });

  it("overlaps the events write with the rest only while both session hash tables fit in half the limit", () => {
    const limit = 1.6e9;
    // The reference client (168 k sessions) and scale 10 (1.7 M) overlap; scale 30 (5 M) spilled: one after the other.
    expect(overlapsEventsWrite(168_000, limit)).toBe(true);
    expect(overlapsEventsWrite(1_700_000, limit)).toBe(true);
    expect(overlapsEventsWrite(5_000_000, limit)).toBe(false);
    // A smaller engine changes its mind sooner.
    expect(overlapsEventsWrite(1_700_000, 0.5e9)).toBe(false);
  });
});

describe("events_enriched in several passes when its sessions would not fit the memory limit", () => {
  it("takes as many passes as the join's hash table needs to fit in 80 % of the limit", () => {
    // The reference client and scale 30 (5 M sessions, measured without a spill at 1 GB) take one pass.
    expect(eventsWritePasses(168_000, 1.4e9)).toBe(1);
    expect(eventsWritePasses(5_000_000, 1.4e9)).toBe(1);
    // Under 500 MB the one join spilled (27.7 s); three passes took 11.1 s. Scale 100: 17 M sessions.
    expect(eventsWritePasses(5_000_000, 0.5e9)).toBe(3);
    expect(eventsWritePasses(17_000_000, 1.4e9)).toBe(4);
    expect(eventsWritePasses(0, 1.4e9)).toBe(1);
  });

  // A generated month (≈ 3,400 sessions and their events), published by the whole pipeline in one pass;
  // job 2 then runs again as another run, in three passes.
  const month = monthForJobs("2025-11", async (dir) =>
    (await generateMonths({ outDir: dir, months: ["2025-11"], scale: 0.02, seed: 11, businessTimeZone: "UTC" })).map((f) => f.path),
  );

  it("writes the same rows, in one file per pass, and counts them all", async () => {
    const ctx = await month.jobContext("three-passes");
    const r = await runJob2(ctx, { eventPasses: 3 });
    const staged = path.join(month.dataDir, "lake", lakeKeys.stagedPrefix("2025-11", "three-passes", "curated", "events_enriched"));
    expect((await readdir(staged)).sort()).toEqual(["part-0.parquet", "part-1.parquet", "part-2.parquet"]);
    const duck = await Duck.open({ timeZone: "UTC" });
    try {
      const parts = `read_parquet('${staged}/*.parquet')`;
      const published = `read_parquet('${month.dataDir}/lake/curated/events_enriched/month=2025-11/*.parquet')`;
      const count = async (rel: string) => (await duck.all<{ n: number }>(`SELECT count(*) AS n FROM ${rel}`))[0]!.n;
      const one = await count(published);
      expect(one).toBeGreaterThan(10_000);
      expect(r.tables.find((t) => t.table === "events_enriched")?.rows).toBe(one);
      expect(await count(parts)).toBe(one);
      // Every row the same, its session's attributes included (EXCEPT ALL keeps repeats apart).
      expect(await count(`(SELECT * EXCLUDE (month) FROM ${parts} EXCEPT ALL SELECT * EXCLUDE (month) FROM ${published})`)).toBe(0);
      expect(await count(`(SELECT * EXCLUDE (month) FROM ${published} EXCEPT ALL SELECT * EXCLUDE (month) FROM ${parts})`)).toBe(0);
      // A session's events are in one part, beside their session's attributes.
      const perPart = await duck.all<{ f: string; n: number }>(
        `SELECT filename AS f, count(*) AS n FROM read_parquet('${staged}/*.parquet', filename = true) GROUP BY 1 ORDER BY 1`,
      );
      expect(perPart).toHaveLength(3);
      for (const p of perPart) expect(p.n).toBeGreaterThan(one / 6);
      expect(await count(`(SELECT session_id FROM read_parquet('${staged}/*.parquet', filename = true) GROUP BY 1 HAVING count(DISTINCT filename) > 1)`)).toBe(0);
    } finally {
      await duck.close();
    }
  });
});
