// The Glue runner (infra/glue/runner.py): its Python unit tests, and a parity check that it produces
// exactly what the local jobs produce from the same raw files: the same read plan (ValidateBatch's),
// the same SQL, the same keys. The real duckdb Python module cannot be installed here: the runner runs
// on the stand-in in infra/glue/standin, which executes on the real DuckDB through the Node binding.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TABLE_NAMES, type TableName } from "@/lib/contracts";
import { parseProfile, type SourceProfile } from "@/lib/contracts/profile";
import { getSql } from "@/lib/db/client";
import { generateMonths } from "@/lib/generator";
import { LocalLakeStorage } from "@/lib/local/local-storage";
import { DEFAULT_GATE, type BatchManifest } from "@/lib/lake/manifest";
import type { Job1Result, Job2Result, Job3Result, JobContext } from "@/lib/pipeline/jobs/context";
import { runJob1 } from "@/lib/pipeline/jobs/job1-raw-to-processed";
import { runJob2 } from "@/lib/pipeline/jobs/job2-processed-to-curated";
import { runJob3 } from "@/lib/pipeline/jobs/job3-curated-to-database";
import { planBatch } from "@/lib/pipeline/plan/batch-plan";
import { writePlan } from "@/lib/pipeline/plan/store";
import { csv, fullMonth } from "../support/fixtures";
import { freshPipelineEnv } from "../support/pipeline-env";
import { INFRA } from "./hcl";

const REPO = path.resolve(INFRA, "..");
const hasPython = spawnSync("python3", ["--version"]).status === 0;
const TZ = "Europe/Paris";
// The engine the jobs install on AWS (infra/glue/requirements.txt); the runner refuses any other.
const ENGINE = /^duckdb==([0-9.]+)$/m.exec(readFileSync(path.join(INFRA, "glue/requirements.txt"), "utf8"))![1]!;
const STANDIN = path.join(INFRA, "glue", "standin");

describe.skipIf(!hasPython)("Glue runner (python3)", () => {
  it("passes its unittest suite", () => {
    const r = spawnSync("python3", ["-m", "unittest", "discover", "-s", "infra/glue", "-p", "test_*.py"], { cwd: REPO, encoding: "utf8", timeout: 600_000 });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stderr).toMatch(/Ran \d+ tests[\s\S]*OK/);
  }, 600_000);
});

/** Job 3 on the Glue side with a database stand-in: it records what was sent (the lake part is real). */
const JOB3_DRIVER = `
import json, sys
import runner
out = sys.argv[1]
sent = []
class Loader:
    def execute(self, sql, params=None): sent.append(["execute", sql, params])
    def query(self, sql, params=None): sent.append(["query", sql, params]); return []
    def copy_csv(self, table, columns, path):
        rows = sum(1 for _ in open(path, encoding="utf-8")) - 1
        sent.append(["copy", table, columns, rows]); return rows
    def close(self): pass
code = runner.main(sys.argv[2:], loader_factory=Loader)
json.dump(sent, open(out, "w"))
sys.exit(code)
`;

interface Batch {
  month: string;
  batchId: string;
  manifest: BatchManifest;
  manifestKey: string;
}

describe.skipIf(!hasPython)("Glue runner ↔ local jobs parity", () => {
  let root: string;
  let localLake: string;
  let glueLake: string;
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  let duck: DuckDBConnection;
  const runName = (b: Batch) => `batch-${b.batchId}`;
  const local: Record<string, { job1: Job1Result; job2: Job2Result; job3: Job3Result }> = {};
  const glueSent: Record<string, unknown[][]> = {};
  /** The staging of each batch between jobs 2 and 3 (job 3 removes it): the files, and those that differ. */
  const staged: Record<string, { files: string[]; glueFiles: string[]; differ: string[] }> = {};

  /** The fixture month plus rows that break rules, in the files people send (contract format). */
  function contractFiles(month: string): Record<TableName, string> {
    const base = fullMonth(month) as Record<string, string>;
    const extraOrders = csv(["order_id", "customer_id", "session_id", "order_ts", "status", "currency", "subtotal", "discount", "shipping", "tax", "total", "payment_method", "country", "channel", "device"], [
      ["o2", "c2", "s2", `${month}-04T20:03:00Z`, "Delivered", "EUR", "20.00", "2.00", "0", "3.60", "22.60", "paypal", "DE", "email", "mobile"],
      ["o9", "c1", "", "2025-10-31T23:30:00Z", "paid", "EUR", "1", "0", "0", "0", "1.00", "card", "", "", ""],
      ["o10", "c1", "", `${month}-30T23:30:00Z`, "paid", "EUR", "1", "0", "0", "0", "1.00", "card", "", "", ""],
      ["o11", "c1", "", `${month}-05 10:00:00`, "shipped", "usd", "1", "0", "0", "0", "12,5", "card", "", "", ""],
    ]).split("\n").slice(1).join("\n");
    const files = Object.fromEntries(TABLE_NAMES.map((t) => [t, base[`${t}.csv`]!])) as Record<TableName, string>;
    return {
      ...files,
      orders: files.orders + extraOrders,
      // Rows the CSV reader itself refuses: too many fields.
      order_items: files.order_items + "i8,o1,p1,1,40.00,0,EXTRA\n",
      events: files.events + `e8,s2,${month}-04T20:09:00Z,teleport,,,/\ne9,s2,"${month}-04T20:10:00Z",purchase,,o2,"/a,b"\n`,
      // No clean row at all: the table is staged as an empty partition.
      reviews: "\ufeff" + files.reviews.replace("review_id", "Review_ID").replace("comment", "comment,extra").replace(/\n$/, ",x\n").replace(/,5,/g, ",9,").replace(/,4,/g, ",0,"),
    };
  }

  /** Writes a batch's files and manifest into the local lake. */
  async function addBatch(month: string, batchId: string, files: { tables: TableName[]; name: string; bytes: Uint8Array }[], profile: SourceProfile | null): Promise<Batch> {
    const entries: BatchManifest["files"] = [];
    for (const f of files) {
      // An order-lines file lives in its first table's raw folder and is listed for each table it feeds.
      const key = `raw/${f.tables[0]}/month=${month}/batch=${batchId}/${f.name}`;
      await mkdir(path.dirname(path.join(localLake, key)), { recursive: true });
      await writeFile(path.join(localLake, key), f.bytes);
      for (const table of f.tables) entries.push({ table, key, fileName: f.name, size: f.bytes.length });
    }
    const manifest: BatchManifest = { version: 2, batchId, month, createdAt: "2025-12-01T08:00:00.000Z", createdBy: null, businessTimeZone: TZ, files: entries, profile, gate: DEFAULT_GATE };
    const manifestKey = `raw/_manifests/month=${month}/batch=${batchId}.json`;
    await mkdir(path.dirname(path.join(localLake, manifestKey)), { recursive: true });
    await writeFile(path.join(localLake, manifestKey), JSON.stringify(manifest));
    return { month, batchId, manifest, manifestKey };
  }

  function glue(job: string, b: Batch) {
    const args = ["--job", job, "--lake_dir", glueLake, "--sql_dir", "lib/pipeline/sql", "--contract", "infra/glue/contract.json", "--manifest_key", b.manifestKey, "--execution_name", runName(b), "--run_name", runName(b), "--business_timezone", TZ, "--duckdb_version", ENGINE];
    const sentFile = path.join(root, `sent-${b.batchId}.json`);
    const r = job === "job3"
      ? spawnSync("python3", ["-c", JOB3_DRIVER, sentFile, ...args], { cwd: REPO, encoding: "utf8", timeout: 300_000, env: { ...process.env, PYTHONPATH: [STANDIN, path.join(INFRA, "glue")].join(path.delimiter) } })
      : spawnSync("python3", ["infra/glue/runner.py", ...args], { cwd: REPO, encoding: "utf8", timeout: 300_000, env: { ...process.env, PYTHONPATH: STANDIN } });
    expect(r.status, `${job}: ${r.stdout}\n${r.stderr}`).toBe(0);
    if (job === "job3") glueSent[b.batchId] = JSON.parse(readFileSync(sentFile, "utf8")) as unknown[][];
  }

  /** The files (relative Parquet paths) whose rows differ between the two lakes, with their row counts. */
  async function differing(files: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const f of files) {
      const a = `read_parquet('${path.join(localLake, f)}')`;
      const b = `read_parquet('${path.join(glueLake, f)}')`;
      const diff = await duck.runAndReadAll(`SELECT (SELECT count(*) FROM (SELECT * FROM ${a} EXCEPT ALL SELECT * FROM ${b})) + (SELECT count(*) FROM (SELECT * FROM ${b} EXCEPT ALL SELECT * FROM ${a})) AS d, (SELECT count(*) FROM ${a}) AS n`);
      const [d, n] = diff.getRowsJson()[0]!.map(Number);
      if (d !== 0) out.push(`${f}: ${d} rows differ (${n} locally)`);
    }
    return out;
  }

  async function parquetUnder(lake: string, prefix: string): Promise<string[]> {
    const r = await duck.runAndReadAll(`SELECT file FROM glob('${lake}/${prefix}**/*.parquet') ORDER BY file`);
    return r.getRowsJson().map((row) => path.relative(lake, String(row[0])));
  }

  /** Both runs of a batch: ValidateBatch's plan in each lake, then jobs 1–3 side by side. */
  async function runBoth(b: Batch) {
    const lakes = [localLake, glueLake].map((dir) => new LocalLakeStorage(dir, { uploadBaseUrl: "", secret: "x".repeat(32) }));
    for (const lake of lakes) await writePlan(lake, runName(b), await planBatch(lake, b.manifest, 2026));
    const ctx = (step: string): JobContext => ({ lake: lakes[0]!, manifest: b.manifest, executionName: runName(b), runName: runName(b), timeZone: TZ, workDir: path.join(root, "work", b.batchId, step), log: () => {} });
    const job1 = await runJob1(ctx("job1"));
    glue("job1", b);
    const job2 = await runJob2(ctx("job2"));
    glue("job2", b);
    const files = await parquetUnder(localLake, "staging/");
    staged[b.batchId] = { files, glueFiles: await parquetUnder(glueLake, "staging/"), differ: await differing(files) };
    const job3 = await runJob3(ctx("job3"));
    glue("job3", b);
    local[b.batchId] = { job1, job2, job3 };
  }

  const report = async (b: Batch, job: string) => JSON.parse(await readFile(path.join(glueLake, `processed/_reports/${runName(b)}/${job}.json`), "utf8")) as Record<string, unknown>;

  let foreign: Batch;
  let contract: Batch;

  beforeAll(async () => {
    env = await freshPipelineEnv({ timeZone: TZ });
    root = await mkdtemp(path.join(tmpdir(), "glue-parity-"));
    localLake = path.join(root, "local");
    glueLake = path.join(root, "glue");
    duck = await (await DuckDBInstance.create(":memory:")).connect();

    // October: a shop's own order-lines export in pt-BR (';', windows-1252, 1.234,56, dd/mm/yyyy), read
    // through its profile; the order-lines file feeds orders and order_items.
    const gen = path.join(root, "gen");
    const generated = await generateMonths({ outDir: gen, months: ["2025-10"], scale: 0.02, seed: 7, businessTimeZone: TZ, format: "order-lines", locale: "pt-BR" });
    const parsed = parseProfile(await readFile(path.join(gen, "2025-10", "profile.json"), "utf8"));
    if (!parsed.ok) throw new Error(parsed.error);
    // One order's lines disagree on the customer: both runners quarantine it with its first line, read again.
    const pedidos = path.join(gen, "2025-10", "pedidos.csv");
    const lines = (await readFile(pedidos)).toString("latin1").split("\n");
    const second = lines.findIndex((l, i) => i > 1 && l.split(";")[0] === lines[i - 1]!.split(";")[0]);
    const fields = lines[second]!.split(";");
    fields[1] = `X${fields[1]}`;
    lines[second] = fields.join(";");
    await writeFile(pedidos, Buffer.from(lines.join("\n"), "latin1"));
    const foreignFiles = await Promise.all(generated.map(async (f) => ({ tables: f.tables, name: path.basename(f.path), bytes: await readFile(f.path) })));
    // The profile leaves the line column out, as for a Shopify export: both runners number each order's lines.
    const itemColumns = Object.fromEntries(Object.entries(parsed.profile.tables!.order_items!.columns!).filter(([c]) => c !== "order_item_id"));
    const profile: SourceProfile = { ...parsed.profile, tables: { ...parsed.profile.tables, order_items: { ...parsed.profile.tables!.order_items, columns: itemColumns } } };
    foreign = await addBatch("2025-10", "parityfx", foreignFiles, profile);
    // November: the contract format, with rows that break rules; its gate figures compare with October.
    const files = contractFiles("2025-11");
    contract = await addBatch("2025-11", "parity1", TABLE_NAMES.map((t) => ({ tables: [t], name: `${t}.csv`, bytes: Buffer.from(files[t]) })), null);
    await cp(localLake, glueLake, { recursive: true });

    await runBoth(foreign);
    await runBoth(contract);
  }, 900_000);

  afterAll(async () => {
    duck?.closeSync();
    await env?.cleanup();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("the foreign month is read through its profile: windows-1252 text, order lines feeding two tables", () => {
    expect(foreign.manifest.files.filter((f) => f.fileName === "pedidos.csv").map((f) => f.table)).toEqual(["orders", "order_items"]);
    const t = Object.fromEntries(local[foreign.batchId]!.job1.tables.map((q) => [q.table, q]));
    for (const table of TABLE_NAMES) expect(t[table], table).toMatchObject({ status: "ok" });
    expect(t.orders!.rowsOut).toBeGreaterThan(100);
    expect(t.order_items!.rowsOut).toBeGreaterThan(t.orders!.rowsOut);
    expect(t.order_items!.warnings).toContain("no order_item_id column: each line is numbered 1, 2, … within its order in file order");
  });

  it("job 1 reports the same counts, reasons and warnings per table", async () => {
    for (const b of [foreign, contract]) {
      const glueReport = await report(b, "job1");
      expect(glueReport.tables, b.batchId).toEqual(local[b.batchId]!.job1.tables);
    }
    const orders = local[contract.batchId]!.job1.tables.find((t) => t.table === "orders")!;
    expect(orders.rejected).toBeGreaterThanOrEqual(3);
    const items = local[contract.batchId]!.job1.tables.find((t) => t.table === "order_items")!;
    expect(items.topReasons.map((r) => r.reason)).toContainEqual(expect.stringMatching(/csv/));
    expect(local[contract.batchId]!.job1.tables.find((t) => t.table === "reviews")).toMatchObject({ rowsOut: 0, rejected: 1 });
  });

  it("job 2 reports the same tables, orphans and gate figures (November's previous month is the published October)", async () => {
    for (const b of [foreign, contract]) {
      // Everything but the run time (and the runner's own "job" key).
      const glueReport = await report(b, "job2");
      const localReport = local[b.batchId]!.job2;
      expect({ ...glueReport, durationMs: 0, job: undefined }, b.batchId).toEqual({ ...localReport, durationMs: 0 });
    }
    const figures = local[contract.batchId]!.job2.figures;
    expect(figures.previous).toMatchObject({ month: "2025-10" });
    expect(figures.previous!.orders).toBeGreaterThan(100);
  });

  it("job 3 loads the same tables and row counts, names the run in published_month, and removes the staging", async () => {
    for (const b of [foreign, contract]) {
      const { tables } = await report(b, "job3");
      expect(tables, b.batchId).toEqual(local[b.batchId]!.job3.tables);
      const sent = glueSent[b.batchId]!;
      expect(sent.filter((c) => c[0] === "copy").map((c) => [String(c[1]).replace("analytics.", ""), c[3]])).toEqual(local[b.batchId]!.job3.tables.map((t) => [t.table, t.rows]));
      expect(sent.find((c) => c[0] === "execute" && String(c[1]).startsWith("INSERT INTO analytics.published_month"))?.[2]).toEqual([b.month, runName(b), b.batchId]);
    }
    const sql = await getSql();
    expect(await sql.query(`SELECT month, run_name, batch_id FROM analytics.published_month ORDER BY month`)).toEqual([
      { month: "2025-10", run_name: runName(foreign), batch_id: foreign.batchId },
      { month: "2025-11", run_name: runName(contract), batch_id: contract.batchId },
    ]);
    expect(await parquetUnder(localLake, "staging/")).toEqual([]);
    expect(await parquetUnder(glueLake, "staging/")).toEqual([]);
  });

  /** Every Parquet file under the prefix exists in both lakes with the same rows. */
  async function expectSameParquet(files: { local: string[]; glue: string[] }) {
    expect(files.glue).toEqual(files.local);
    expect(await differing(files.local)).toEqual([]);
  }

  it("staged the same processed and curated Parquet, row for row, before the publish", () => {
    for (const b of [foreign, contract]) {
      const s = staged[b.batchId]!;
      expect(s.files.filter((f) => f.includes("/curated/")).length, b.batchId).toBe(10);
      expect(s.files.filter((f) => f.includes("/processed/")).length, b.batchId).toBe(7);
      expect(s.glueFiles, b.batchId).toEqual(s.files);
      expect(s.differ, b.batchId).toEqual([]);
    }
  });

  it("published the same processed, quarantine and curated partitions, row for row", async () => {
    const files = { local: await parquetUnder(localLake, "processed/"), glue: await parquetUnder(glueLake, "processed/") };
    const curated = { local: await parquetUnder(localLake, "curated/"), glue: await parquetUnder(glueLake, "curated/") };
    expect(curated.local.length).toBe(20);
    expect(files.local).toContain(`processed/_rejects/orders/month=2025-11/batch=${contract.batchId}/part-0.parquet`);
    expect(files.local).toContain("processed/reviews/month=2025-11/part-0.parquet");
    await expectSameParquet(files);
    await expectSameParquet(curated);
    // The quarantine names the source's columns and keeps its text as read (windows-1252, decoded as browsers do).
    const rejects = files.local.filter((f) => f.startsWith(`processed/_rejects/`) && f.includes(`batch=${foreign.batchId}`));
    if (rejects.length > 0) {
      const r = await duck.runAndReadAll(`SELECT count(*) FROM read_parquet([${rejects.map((f) => `'${path.join(glueLake, f)}'`).join(", ")}]) WHERE raw LIKE '%\u0080%' OR raw LIKE '%\u0093%'`);
      expect(Number(r.getRowsJson()[0]![0]), "no C1 control where windows-1252 has a character").toBe(0);
    }
    const conflict = await duck.runAndReadAll(`SELECT raw FROM read_parquet('${path.join(glueLake, `processed/_rejects/orders/month=2025-10/batch=${foreign.batchId}/part-0.parquet`)}') WHERE rule = 'conflict'`);
    const raws = conflict.getRowsJson().map((r) => JSON.parse(String(r[0])) as Record<string, string>);
    expect(raws).toHaveLength(1);
    expect(raws[0]!.Pedido).toEqual(expect.any(String));
    const reviews = await duck.runAndReadAll(`SELECT count(*) FROM read_parquet('${path.join(glueLake, "processed/reviews/month=2025-10/part-0.parquet")}') WHERE regexp_matches(coalesce(title, '') || coalesce("comment", ''), '[“”…€–]')`);
    expect(Number(reviews.getRowsJson()[0]![0]), "the pt-BR reviews carry windows-1252's own characters").toBeGreaterThan(0);
  });
});
