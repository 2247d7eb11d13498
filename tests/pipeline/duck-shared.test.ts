import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfig } from "@/lib/config";
import { JOB_ALLOCATOR_CONF } from "@/lib/pipeline/duck-allocator";
import { Duck } from "@/lib/pipeline/duck";

describe("the shared DuckDB engine of the pipeline", () => {
  let dataDir: string;
  const databases = async (d: Duck) =>
    (await d.all<{ name: string }>("SELECT database_name AS name FROM duckdb_databases() WHERE database_name LIKE 'db\\_%' ESCAPE '\\'")).map((r) => r.name);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "shoplake-duck-"));
    process.env.DATA_DIR = dataDir;
    resetConfig();
    await Duck.closeShared();
  });
  afterAll(async () => {
    await Duck.closeShared();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("gives each connection a database of its own: same table and macro names, no clash", async () => {
    const a = await Duck.shared({ timeZone: "UTC" });
    const b = await Duck.shared({ timeZone: "UTC" });
    try {
      await a.run("CREATE TABLE facts AS SELECT 1 AS n; CREATE MACRO twice(x) AS x * 2");
      await b.run("CREATE TABLE facts AS SELECT 40 AS n; CREATE MACRO twice(x) AS x * 20");
      expect(await a.all("SELECT twice(n) AS v FROM facts")).toEqual([{ v: 2 }]);
      expect(await b.all("SELECT twice(n) AS v FROM facts")).toEqual([{ v: 800 }]);
      expect((await databases(a)).length).toBe(2);
    } finally {
      await b.close();
      await a.close();
    }
  });

  it("shares the database, time zone and insertion order with the connections it opens", async () => {
    const owner = await Duck.shared({ timeZone: "Europe/Paris", preserveOrder: false });
    try {
      await owner.run("CREATE TABLE t AS SELECT TIMESTAMPTZ '2025-11-01 12:00:00+00' AS ts");
      const second = await owner.connect();
      const [row] = await second.all<{ local_hour: number; order: string }>(
        "SELECT hour(ts) AS local_hour, current_setting('preserve_insertion_order')::VARCHAR AS \"order\" FROM t",
      );
      expect(row).toEqual({ local_hour: 13, order: "false" });
      await second.close();
      // The second connection closing leaves the owner's database in place.
      expect(await owner.all("SELECT count(*) AS n FROM t")).toEqual([{ n: 1 }]);
    } finally {
      await owner.close();
    }
  });

  // The server's soak found RSS growing ≈ 1.5 MB a run: DuckDB kept every file the jobs had read in its
  // external file cache, which only memory_limit (1.4 GB) would have bounded.
  it("keeps nothing of the files the jobs read: each run's files are new, a cache of them only grows", async () => {
    const dir = path.join(dataDir, "reads");
    await mkdir(dir, { recursive: true });
    const cached = async (d: Duck) =>
      (await d.all<{ b: number }>("SELECT coalesce(sum(memory_usage_bytes), 0) AS b FROM duckdb_memory() WHERE tag = 'EXTERNAL_FILE_CACHE'"))[0]!.b;
    const job = await Duck.shared({ timeZone: "UTC" });
    try {
      for (let run = 0; run < 5; run++) {
        const file = path.join(dir, `run-${run}.parquet`);
        await job.run(`COPY (SELECT range AS n, md5(range::VARCHAR) AS s FROM range(200000)) TO '${file}' (FORMAT parquet)`);
        expect(await job.all(`SELECT sum(length(s)) AS n FROM read_parquet('${file}')`)).toEqual([{ n: 6_400_000 }]);
      }
      expect(await cached(job)).toBe(0);
      // The same reads on an engine with DuckDB's default leave blocks in the cache: the check above can fail.
      const plain = await Duck.open({ timeZone: "UTC" });
      try {
        await plain.all(`SELECT sum(length(s)) AS n FROM read_parquet('${path.join(dir, "*.parquet")}')`);
        expect(await cached(plain)).toBeGreaterThan(0);
      } finally {
        await plain.close();
      }
    } finally {
      await job.close();
    }
  });

  it("frees a connection's database when it closes, and spills under DATA_DIR", async () => {
    const a = await Duck.shared({ timeZone: "UTC" });
    await a.run("CREATE TABLE big AS SELECT range AS n FROM range(1000)");
    const probe = await Duck.shared({ timeZone: "UTC" });
    try {
      expect(await databases(probe)).toHaveLength(2);
      await a.close();
      expect(await databases(probe)).toHaveLength(1);
      const [spill] = await probe.all<{ v: string }>("SELECT current_setting('temp_directory') AS v");
      expect(spill?.v).toBe(path.join(dataDir, "work", "duckdb-spill"));
      expect(await readdir(path.join(dataDir, "work"))).toContain("duckdb-spill");
    } finally {
      await probe.close();
    }
  });
});

describe("the DuckDB allocator setting", () => {
  it("defaults DUCKDB_JE_MALLOC_CONF before the library loads, and DuckDB's jemalloc reads it", async () => {
    expect(process.env.DUCKDB_JE_MALLOC_CONF).toBe(JOB_ALLOCATOR_CONF);
    // A fresh process: the library's own allocator reports the options it took from the variable.
    const script = "const { DuckDBInstance } = require('@duckdb/node-api'); DuckDBInstance.create(':memory:').then((i) => i.closeSync());";
    const { stderr, stdout } = await promisify(execFile)(process.execPath, ["-e", script], {
      env: { ...process.env, DUCKDB_JE_MALLOC_CONF: `${JOB_ALLOCATOR_CONF},stats_print:true` },
      maxBuffer: 64 * 1024 * 1024,
    });
    const report = stdout + stderr;
    expect(report).toContain("opt.dirty_decay_ms: 5000");
    expect(report).toContain("opt.muzzy_decay_ms: 5000");
  });
});
