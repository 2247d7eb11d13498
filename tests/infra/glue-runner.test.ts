// The Glue runner (infra/glue/runner.py): its Python unit tests, and a parity check that it produces
// exactly what the local jobs produce from the same raw files (same SQL, same parameters, same keys).
// The real duckdb Python module cannot be installed here: the runner's tests use the stand-in in
// infra/glue/standin, which executes on the real DuckDB through the Node binding.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobContext } from "@/lib/pipeline/jobs/context";
import { runJob1 } from "@/lib/pipeline/jobs/job1-raw-to-processed";
import { runJob2 } from "@/lib/pipeline/jobs/job2-processed-to-curated";
import { LocalLakeStorage } from "@/lib/lake/local-storage";
import { DEFAULT_GATE, type BatchManifest } from "@/lib/lake/manifest";
import { TABLE_NAMES, type TableName } from "@/lib/contracts";
import { csv, fullMonth } from "../support/fixtures";
import { INFRA } from "./hcl";

const REPO = path.resolve(INFRA, "..");
const hasPython = spawnSync("python3", ["--version"]).status === 0;
const MONTH = "2025-11";
const BATCH = "parity1";
const TZ = "Europe/Paris";
// The engine the jobs install on AWS (infra/glue/requirements.txt); the runner refuses any other.
const ENGINE = /^duckdb==([0-9.]+)$/m.exec(readFileSync(path.join(INFRA, "glue/requirements.txt"), "utf8"))![1]!;

describe.skipIf(!hasPython)("Glue runner (python3)", () => {
  it("passes its unittest suite", () => {
    const r = spawnSync("python3", ["-m", "unittest", "discover", "-s", "infra/glue", "-p", "test_*.py"], { cwd: REPO, encoding: "utf8", timeout: 600_000 });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stderr).toMatch(/Ran \d+ tests[\s\S]*OK/);
  });
});

describe.skipIf(!hasPython)("Glue runner ↔ local jobs parity", () => {
  let root: string;
  let localLake: string;
  let glueLake: string;
  let manifest: BatchManifest;
  let localJob1: Awaited<ReturnType<typeof runJob1>>;

  /** The fixture month plus rows that break rules, in the files people send. */
  function files(): Record<TableName, string> {
    const base = fullMonth(MONTH) as Record<string, string>;
    const extraOrders = csv(["order_id", "customer_id", "session_id", "order_ts", "status", "currency", "subtotal", "discount", "shipping", "tax", "total", "payment_method", "country", "channel", "device"], [
      ["o2", "c2", "s2", `${MONTH}-04T20:03:00Z`, "Delivered", "EUR", "20.00", "2.00", "0", "3.60", "22.60", "paypal", "DE", "email", "mobile"],
      ["o9", "c1", "", "2025-10-31T23:30:00Z", "paid", "EUR", "1", "0", "0", "0", "1.00", "card", "", "", ""],
      ["o10", "c1", "", `${MONTH}-30T23:30:00Z`, "paid", "EUR", "1", "0", "0", "0", "1.00", "card", "", "", ""],
      ["o11", "c1", "", `${MONTH}-05 10:00:00`, "shipped", "usd", "1", "0", "0", "0", "12,5", "card", "", "", ""],
    ]).split("\n").slice(1).join("\n");
    return {
      ...(base as Record<TableName, string>),
      orders: base["orders.csv"]! + extraOrders,
      // Rows the CSV reader itself refuses: too many fields.
      order_items: base["order_items.csv"]! + "i8,o1,p1,1,40.00,0,EXTRA\n",
      events: base["events.csv"]! + `e8,s2,${MONTH}-04T20:09:00Z,teleport,,,/\ne9,s2,"${MONTH}-04T20:10:00Z",purchase,,o2,"/a,b"\n`,
      reviews: "\ufeff" + base["reviews.csv"]!.replace("review_id", "Review_ID").replace("comment", "comment,extra").replace(/\n$/, ",x\n"),
    };
  }

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "glue-parity-"));
    localLake = path.join(root, "local");
    glueLake = path.join(root, "glue");
    const all = files();
    const entries: BatchManifest["files"] = [];
    for (const t of TABLE_NAMES) {
      const text = (all as Record<string, string>)[t] ?? (all as Record<string, string>)[`${t}.csv`]!;
      const key = `raw/${t}/month=${MONTH}/batch=${BATCH}/${t}.csv`;
      await mkdir(path.dirname(path.join(localLake, key)), { recursive: true });
      await writeFile(path.join(localLake, key), text);
      entries.push({ table: t, key, fileName: `${t}.csv`, size: Buffer.byteLength(text) });
    }
    manifest = { version: 1, batchId: BATCH, month: MONTH, createdAt: "2025-12-01T08:00:00.000Z", createdBy: null, businessTimeZone: TZ, files: entries, profile: null, gate: DEFAULT_GATE };
    const manifestKey = `raw/_manifests/month=${MONTH}/batch=${BATCH}.json`;
    await mkdir(path.dirname(path.join(localLake, manifestKey)), { recursive: true });
    await writeFile(path.join(localLake, manifestKey), JSON.stringify(manifest));
    await cp(localLake, glueLake, { recursive: true });

    // The local backend's jobs.
    const lake = new LocalLakeStorage(localLake, { uploadBaseUrl: "", secret: "x".repeat(32) });
    const ctx = (step: string): JobContext => ({ lake, manifest, executionName: `batch-${BATCH}`, runName: `batch-${BATCH}`, timeZone: TZ, workDir: path.join(root, "work", step), log: () => {} });
    localJob1 = await runJob1(ctx("job1"));
    await runJob2(ctx("job2"));

    // The Glue runner on a copy of the same lake.
    for (const job of ["job1", "job2"]) {
      const r = spawnSync(
        "python3",
        ["infra/glue/runner.py", "--job", job, "--lake_dir", glueLake, "--sql_dir", "lib/pipeline/sql", "--contract", "infra/glue/contract.json", "--manifest_key", manifestKey, "--execution_name", `batch-${BATCH}`, "--business_timezone", TZ, "--duckdb_version", ENGINE],
        { cwd: REPO, encoding: "utf8", timeout: 300_000, env: { ...process.env, PYTHONPATH: path.join(INFRA, "glue", "standin") } },
      );
      expect(r.status, `${job}: ${r.stdout}\n${r.stderr}`).toBe(0);
    }
  });

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("job 1 reports the same counts, reasons and warnings per table", async () => {
    const glue = JSON.parse(await readFile(path.join(glueLake, `processed/_reports/batch-${BATCH}/job1.json`), "utf8")) as { tables: unknown[] };
    expect(glue.tables).toEqual(localJob1.tables);
    const orders = localJob1.tables.find((t) => t.table === "orders")!;
    expect(orders.rejected).toBeGreaterThanOrEqual(3);
    const items = localJob1.tables.find((t) => t.table === "order_items")!;
    expect(items.topReasons.map((r) => r.reason)).toContainEqual(expect.stringMatching(/csv/));
  });

  it("writes the same processed, rejects and curated Parquet, row for row", async () => {
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    const list = async (dir: string) => {
      const r = await conn.runAndReadAll(`SELECT file FROM glob('${dir}/**/*.parquet') ORDER BY file`);
      return r.getRowsJson().map((row) => path.relative(dir, String(row[0])));
    };
    const localFiles = (await list(localLake)).filter((f) => !f.startsWith("raw/"));
    const glueFiles = (await list(glueLake)).filter((f) => !f.startsWith("raw/"));
    expect(glueFiles).toEqual(localFiles);
    expect(localFiles.filter((f) => f.startsWith("curated/")).length).toBe(10);
    expect(localFiles.some((f) => f.startsWith("processed/_rejects/orders/"))).toBe(true);
    for (const f of localFiles) {
      const a = `read_parquet('${path.join(localLake, f)}')`;
      const b = `read_parquet('${path.join(glueLake, f)}')`;
      const diff = await conn.runAndReadAll(`SELECT (SELECT count(*) FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b})) + (SELECT count(*) FROM (SELECT * FROM ${b} EXCEPT ALL SELECT * FROM ${a})) AS d, (SELECT count(*) FROM ${a}) AS n`);
      const [d, n] = diff.getRowsJson()[0]!.map(Number);
      expect(d, `${f} differs (${n} rows locally)`).toBe(0);
    }
    conn.closeSync();
  });
});
