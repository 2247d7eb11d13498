import { afterEach, describe, expect, it } from "vitest";
import { resetConfig } from "@/lib/config";
import { jobMemoryLimitBytes } from "@/lib/pipeline/duck";
import { overlapsEventsWrite } from "@/lib/pipeline/jobs/job2-processed-to-curated";

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
