import { randomUUID } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { getSql } from "../../db/client";
import { lakeKeys } from "../../lake/keys";
import { Duck } from "../duck";
import { loadSql, sqlIdent, sqlString } from "../sql/render";
import type { Job3Result, JobContext } from "./context";
import { CURATED_TABLES, type CuratedTable } from "./job2-processed-to-curated";
import { parquetRelation } from "./stage-inputs";

/** Curated tables loaded into the database (events stay in the lake: the database serves orders and marts). */
export const LOADED_TABLES: readonly Exclude<CuratedTable, "events_enriched">[] = CURATED_TABLES.filter(
  (t): t is Exclude<CuratedTable, "events_enriched"> => t !== "events_enriched",
);

interface LoadFile {
  table: string;
  csv: string;
  columns: string[];
  rows: number;
}

/** A curated table to export: its relation and columns are known before any load starts. */
interface Planned {
  table: string;
  relation: string;
  csv: string;
  columns: string[];
}

/**
 * Job 3 publishes the month the gate let through, in the one step that changes what readers see:
 * 1. the database: DuckDB turns each staged curated table into a CSV and COPY (the drivers' bulk path)
 *    loads it (PGlite reads the CSV from its own data directory, a server gets it streamed); the month
 *    is deleted and reloaded, and `analytics.published_month` names this run, in one transaction;
 * 2. the lake: the run's staged processed and curated partitions replace the published ones;
 * 3. the staging of this month (this run's and any older held run's) is removed.
 * Every part can run again after a crash with the same result (the staged files stay until the end),
 * so an interrupted publish is finished by running this step again.
 */
export async function runJob3(ctx: JobContext): Promise<Job3Result> {
  const started = Date.now();
  const { month } = ctx.manifest;
  const sql = await getSql();
  if (await alreadyPublished(ctx)) {
    // A crash after the publish finished but before the step was recorded: running it again is a no-op.
    ctx.log("info", `${month} is already published from run ${ctx.runName}; nothing left to do`);
    return { tables: [], durationMs: Date.now() - started };
  }
  // Where the database reads files itself (PGlite), the CSVs are written there and not streamed.
  const dir = sql.bulkLoadDir ? path.join(sql.bulkLoadDir, randomUUID()) : path.join(ctx.workDir, "load");
  await mkdir(dir, { recursive: true });
  const duck = await Duck.shared({ timeZone: ctx.timeZone, preserveOrder: false });
  const marts = await duck.connect();
  const exports: Promise<LoadFile>[] = [];
  try {
    // Everything an export needs is resolved first: PGlite's COPY holds this thread while it runs, and
    // an export with a step left to take here would wait for it instead of running beside it.
    const plans = await planExports(ctx, duck, dir);
    const chain = (conn: Duck, list: Planned[]): Promise<LoadFile>[] => {
      const out: Promise<LoadFile>[] = [];
      for (const p of list) out.push((out.at(-1) ?? Promise.resolve()).then(() => exportCsv(conn, p)));
      return out;
    };
    // One export after another per connection; after a failure the later ones reject with the same error.
    exports.push(...chain(marts, plans.filter((p) => p.table.startsWith("mart_"))), ...chain(duck, plans.filter((p) => !p.table.startsWith("mart_"))));
    for (const e of exports) e.catch(() => undefined); // awaited below; a failure is reported there
    await sql.exec(await loadSql("pipeline/sql/job3/ddl.sql"));
    const replaced: string[] = [];
    await sql.transaction(async (tx) => {
      for (const next of exports) {
        const f = await next;
        const [gone] = await tx.query<{ n: number }>(
          `WITH gone AS (DELETE FROM analytics.${sqlIdent(f.table)} WHERE month = $1 RETURNING 1) SELECT count(*)::int AS n FROM gone`,
          [month],
        );
        if ((gone?.n ?? 0) > 0) replaced.push(f.table);
        const loaded = await tx.copyFromCsvFile(`analytics.${f.table}`, f.columns, f.csv);
        ctx.log("info", `analytics.${f.table}: ${loaded} rows loaded for ${month}`);
      }
      await tx.query(PUBLISHED_UPSERT, [month, ctx.runName, ctx.manifest.batchId]);
    });
    const files = await Promise.all(exports);
    await reclaimReplacedRows(ctx, replaced);
    const partitions = await publishLake(ctx);
    ctx.log("info", `published ${month} from run ${ctx.runName}: ${partitions} partitions`);
    files.sort((a, b) => LOADED_TABLES.indexOf(a.table as never) - LOADED_TABLES.indexOf(b.table as never));
    return { tables: files.map((f) => ({ table: f.table, rows: f.rows })), durationMs: Date.now() - started };
  } finally {
    await Promise.allSettled(exports);
    await marts.close();
    await duck.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The month's replaced rows are dead tuples until a VACUUM: PGlite runs PostgreSQL without autovacuum,
 * so each reload of a scale-1 month left ≈ 35 MB behind for good (1.6 GB after 45 reloads, the DELETE
 * slower each time: job 3 1.2 → 2.1 s). A plain VACUUM (not FULL: readers go on) makes the space
 * reusable by the next load (50–90 ms at scale 1, against the 0.3 s the DELETE took); on a server it
 * only comes sooner than autovacuum. A failure leaves the space to the next reload's VACUUM: the month
 * is published already.
 */
async function reclaimReplacedRows(ctx: JobContext, tables: string[]): Promise<void> {
  // A month's first load replaced nothing: no VACUUM (on fresh pages it costs 50–90 ms of a 0.9 s job).
  if (tables.length === 0) return;
  await (await getSql()).exec(`VACUUM ${tables.map((t) => `analytics.${sqlIdent(t)}`).join(", ")}`).catch((e: unknown) => ctx.log("warn", `VACUUM after the load: ${(e as Error).message}`));
}

/** Which run a month's published data comes from: written in the same transaction as the month's facts. */
const PUBLISHED_UPSERT = `INSERT INTO analytics.published_month (month, run_name, batch_id, published_at) VALUES ($1, $2, $3, now())
  ON CONFLICT (month) DO UPDATE SET run_name = EXCLUDED.run_name, batch_id = EXCLUDED.batch_id, published_at = EXCLUDED.published_at`;

/** The month names this run and its staging is gone: an earlier attempt of this step finished. */
async function alreadyPublished(ctx: JobContext): Promise<boolean> {
  if ((await ctx.lake.list(lakeKeys.stagingRun(ctx.manifest.month, ctx.runName))).length > 0) return false;
  const sql = await getSql();
  const rows = await sql
    .query<{ run_name: string }>(`SELECT run_name FROM analytics.published_month WHERE month = $1`, [ctx.manifest.month])
    .catch(() => []);
  return rows[0]?.run_name === ctx.runName;
}

/** The run's staged partitions replace the published ones; then the month's staging is removed. */
async function publishLake(ctx: JobContext): Promise<number> {
  const { month } = ctx.manifest;
  const run = lakeKeys.stagingRun(month, ctx.runName);
  const prefixes = new Set<string>();
  for (const o of await ctx.lake.list(run)) {
    const m = /^(processed|curated)\/([a-z_]+)\/month=\d{4}-\d{2}\//.exec(o.key.slice(run.length));
    if (m) prefixes.add(`${m[1]}/${m[2]}/`);
  }
  // Each partition is swapped on its own (no order between them), so the swaps run together: one after
  // another, 17 partitions took 140 ms of a 1.1 s job at scale 1, together 40–60 ms.
  await Promise.all(
    [...prefixes].map((p) => {
      const [layer, table] = p.split("/") as ["processed" | "curated", string];
      return ctx.lake.replacePrefix(lakeKeys.stagedPrefix(month, ctx.runName, layer, table), `${layer}/${table}/month=${month}/`);
    }),
  );
  // Older held runs of the month are superseded by this one: their staging goes too.
  await ctx.lake.removePrefix(lakeKeys.stagingMonth(month));
  return prefixes.size;
}

/** Each loaded table's relation and columns (one DuckDB query for all of them). */
async function planExports(ctx: JobContext, duck: Duck, dir: string): Promise<Planned[]> {
  const relations = await Promise.all(
    LOADED_TABLES.map(async (table) => {
      const relation = await parquetRelation(ctx.lake, lakeKeys.stagedPrefix(ctx.manifest.month, ctx.runName, "curated", table), ctx.workDir);
      if (!relation) throw new Error(`staged curated ${table} for ${ctx.manifest.month} of run ${ctx.runName} is missing: job 2 must run first`);
      return relation;
    }),
  );
  // Hive partitioning already yields the `month` column from the path.
  const columns = await duck.describeEach(relations);
  return LOADED_TABLES.map((table, i) => ({
    table,
    relation: relations[i]!,
    csv: path.join(dir, `${table}.csv`),
    columns: (columns[i] ?? []).map((c) => c.name),
  }));
}

async function exportCsv(duck: Duck, p: Planned): Promise<LoadFile> {
  // COPY answers with its row count.
  const [copied] = await duck.all<{ Count: number }>(`COPY (SELECT * FROM ${p.relation}) TO ${sqlString(p.csv)} (HEADER, DELIMITER ',')`);
  return { table: p.table, csv: p.csv, columns: p.columns, rows: copied?.Count ?? 0 };
}
