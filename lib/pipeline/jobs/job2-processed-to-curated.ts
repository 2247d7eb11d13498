import { mkdir } from "node:fs/promises";
import path from "node:path";
import { TABLE_NAMES, type TableName } from "../../contracts";
import { lakeKeys, monthOfKey } from "../../lake/keys";
import type { LakeObject, LakeStorage } from "../../lake/storage";
import { Duck, jobMemoryLimitBytes, PLANNED_MEMORY_SHARE } from "../duck";
import { monthParams } from "../month-params";
import { loadSql, renderSql, sqlString } from "../sql/render";
import { PARQUET_WRITE_OPTIONS } from "./parquet-output";
import type { GateFigures } from "../../contracts/gate";
import type { Job2Result, JobContext } from "./context";
import { parquetRelationOf } from "./stage-inputs";

/** Curated tables written per month (the three enriched facts and the dashboard marts). */
export const CURATED_TABLES = [
  "fact_orders_enriched",
  "fact_order_items_enriched",
  "events_enriched",
  "mart_kpis",
  "mart_weekly_revenue",
  "mart_category_sales",
  "mart_revenue_by_country",
  "mart_revenue_by_channel",
  "mart_heatmap",
  "mart_reviewed_orders",
] as const;
export type CuratedTable = (typeof CURATED_TABLES)[number];

const DIMENSIONS = new Set<TableName>(["customers", "products"]);

/** What one session costs in job 2's two session-keyed hash tables together (measured order of size). */
const BYTES_PER_SESSION = 300;

/** Whether events_enriched may be written while enrich.sql runs: both fit in half the memory limit. */
export function overlapsEventsWrite(sessions: number, memoryLimitBytes: number): boolean {
  return sessions * BYTES_PER_SESSION <= memoryLimitBytes / 2;
}

/**
 * What one session costs in the hash table that joins the events to their sessions: 5 M sessions joined
 * without a spill under a 1 GB limit and spilled under 750 MB. The Glue runner reads it (contract.json).
 */
export const EVENTS_JOIN_BYTES_PER_SESSION = 200;

/**
 * In how many passes events_enriched is written: each pass joins the events of 1/n of the sessions, and
 * its hash table must fit in 80 % of the memory limit. A join that spills costs far more than reading the
 * events again: scale 100 (16.8 M sessions, 1400 MB) took job 2 161 s in one pass, 72 s in three.
 */
export function eventsWritePasses(sessions: number, memoryLimitBytes: number): number {
  return Math.max(1, Math.ceil((sessions * EVENTS_JOIN_BYTES_PER_SESSION) / (memoryLimitBytes * PLANNED_MEMORY_SHARE)));
}

/**
 * Job 2, processed → curated. Reads the month as it would be once published: the tables this run's
 * job 1 staged, the published processed data for the others. Writes the month's curated tables into
 * the run's staging area (the quality gate decides whether they are published) and the figures the
 * gate compares with the previous loaded month.
 */
export async function runJob2(ctx: JobContext, opts: { eventPasses?: number } = {}): Promise<Job2Result> {
  const started = Date.now();
  const { month } = ctx.manifest;
  const duck = await Duck.shared({ timeZone: ctx.timeZone, preserveOrder: false });
  try {
    await duck.run(await loadSql("pipeline/sql/job2/inputs_empty.sql"));
    const has: Partial<Record<TableName, boolean>> = {};
    for (const table of TABLE_NAMES) {
      const dim = DIMENSIONS.has(table);
      const files = await monthInputs(ctx, table, dim);
      const rel = await parquetRelationOf(ctx.lake, files, ctx.workDir);
      const monthFiles = dim ? files.filter((f) => f.key.includes(`/month=${month}/`)) : files;
      has[table] = monthFiles.length > 0;
      const view = dim ? `p_${table}_all` : `p_${table}`;
      await duck.run(`CREATE OR REPLACE VIEW ${view} AS SELECT * FROM ${rel ?? `empty_${table}`}`);
      if (!rel) ctx.log("warn", `no processed ${table} for ${dim ? "any month" : month}: treated as empty`);
    }
    const allOrders = await parquetRelationOf(ctx.lake, await monthInputs(ctx, "orders", true), ctx.workDir);
    await duck.run(`CREATE OR REPLACE VIEW p_orders_all AS SELECT * FROM ${allOrders ?? "empty_orders"}`);

    // Which fact tables the month received (mart_kpis' has_* flags).
    const flags = TABLE_NAMES.filter((t) => !DIMENSIONS.has(t)).map((t) => [`has_${t}`, has[t] ? "TRUE" : "FALSE"]);
    const params = { ...monthParams(month), ...Object.fromEntries(flags) };
    await duck.run(renderSql(await loadSql("pipeline/sql/job2/prepare.sql"), params));
    // The largest table is written on a second connection (all threads) from the start, while the first
    // one builds the rest, which is small and mostly single-threaded. Not in a large month: the events
    // joined to their sessions and enrich.sql's per-session event aggregate are then two hash tables
    // of millions of sessions at once, past the memory limit (scale 30: 29 s spilling, 14 s one after
    // the other; at scales 1 and 10 both ways cost the same or overlapping wins).
    const [{ sessions } = { sessions: 0 }] = await duck.all<{ sessions: number }>(`SELECT count(*) AS sessions FROM p_sessions`);
    const overlap = overlapsEventsWrite(sessions, jobMemoryLimitBytes());
    if (!overlap) ctx.log("info", `events_enriched is written first: ${sessions} sessions are too many to build beside it`);
    const passes = opts.eventPasses ?? eventsWritePasses(sessions, jobMemoryLimitBytes());
    if (passes > 1) ctx.log("info", `events_enriched is written in ${passes} passes: ${sessions} sessions are too many to join in one`);
    const second = await duck.connect();
    const events = writeCurated(ctx, second, "events_enriched", passes);
    events.catch(() => undefined); // awaited below; a failure is reported there
    if (!overlap) await events;
    const written: Written[] = [];
    try {
      await duck.run(renderSql(await loadSql("pipeline/sql/job2/enrich.sql"), params));
      await duck.run(renderSql(await loadSql("pipeline/sql/job2/marts.sql"), params));
      for (const table of CURATED_TABLES) if (table !== "events_enriched") written.push(await writeCurated(ctx, duck, table));
      written.push(await events);
    } finally {
      await events.catch(() => undefined);
      await second.close();
    }
    written.sort((a, b) => CURATED_TABLES.indexOf(a.table) - CURATED_TABLES.indexOf(b.table));
    const tables = written.map(({ table, rows }) => ({ table, rows }));
    for (const w of written) await ctx.lake.replaceWithDir(w.dir, lakeKeys.stagedPrefix(month, ctx.runName, "curated", w.table));

    const orphans = Object.fromEntries(
      (await duck.all<{ table: string; orphans: number }>(`SELECT "table", orphans FROM orphan_counts`)).map((r) => [r.table, r.orphans]),
    );
    for (const t of tables) ctx.log("info", `${t.table}: ${t.rows} rows`);
    for (const [t, n] of Object.entries(orphans)) if (n > 0) ctx.log("warn", `${t}: ${n} orphan rows kept (parent not found)`);
    const figures = await gateFigures(ctx, duck, has);
    return { tables, orphans, figures, durationMs: Date.now() - started };
  } finally {
    await duck.close();
  }
}

/**
 * A table's processed files as the month will read once this run is published: the run's staged
 * partition where job 1 staged one, else the published one; for dimensions (`all`) every month, the
 * batch month's partition taken from staging where it exists.
 */
async function monthInputs(ctx: JobContext, table: TableName, all: boolean): Promise<LakeObject[]> {
  const { month } = ctx.manifest;
  const staged = (await ctx.lake.list(lakeKeys.stagedPrefix(month, ctx.runName, "processed", table))).filter(isParquet);
  if (!all) return staged.length > 0 ? staged : (await ctx.lake.list(lakeKeys.processedPrefix(table, month))).filter(isParquet);
  const published = (await ctx.lake.list(lakeKeys.processedTable(table))).filter(isParquet);
  return staged.length > 0 ? [...published.filter((o) => !o.key.startsWith(lakeKeys.processedPrefix(table, month))), ...staged] : published;
}

const isParquet = (o: LakeObject) => o.key.endsWith(".parquet");

/** This month's recognised orders and sessions, and those of the previous loaded (published) month. */
async function gateFigures(ctx: JobContext, duck: Duck, has: Partial<Record<TableName, boolean>>): Promise<GateFigures> {
  const { month } = ctx.manifest;
  const [now] = await duck.all<{ orders: number; sessions: number }>(`SELECT orders, sessions FROM mart_kpis`);
  const previous = await previousPublished(ctx.lake, month);
  let prev: GateFigures["previous"] = null;
  if (previous) {
    const rel = await parquetRelationOf(ctx.lake, previous.files, ctx.workDir);
    const [row] = rel ? await duck.all<{ orders: number; sessions: number }>(`SELECT orders, sessions FROM ${rel}`) : [];
    if (row) prev = { month: previous.month, orders: Number(row.orders), sessions: Number(row.sessions) };
  }
  return { month, orders: Number(now?.orders ?? 0), sessions: Number(now?.sessions ?? 0), hasSessions: Boolean(has.sessions), previous: prev };
}

async function previousPublished(lake: LakeStorage, month: string): Promise<{ month: string; files: LakeObject[] } | null> {
  const byMonth = new Map<string, LakeObject[]>();
  for (const o of (await lake.list(lakeKeys.curatedTable("mart_kpis"))).filter(isParquet)) {
    const m = monthOfKey(o.key);
    if (m && m < month) byMonth.set(m, [...(byMonth.get(m) ?? []), o]);
  }
  const last = [...byMonth.keys()].sort().at(-1);
  return last ? { month: last, files: byMonth.get(last)! } : null;
}

interface Written {
  table: CuratedTable;
  rows: number;
  dir: string;
}

/** Writes a curated table into the job's folder; events_enriched in `passes` files (prepare.sql). */
async function writeCurated(ctx: JobContext, duck: Duck, table: CuratedTable, passes = 1): Promise<Written> {
  const dir = path.join(ctx.workDir, "curated", table);
  await mkdir(dir, { recursive: true });
  let rows = 0;
  for (let k = 0; k < passes; k++) {
    const relation = passes === 1 ? table : `(SELECT * FROM ${table}_part(${k}, ${passes}))`;
    // COPY answers with the number of rows written (events_enriched is a view: counted once, here).
    const [row] = await duck.all<{ Count: number }>(
      `COPY ${relation} TO ${sqlString(path.join(dir, `part-${k}.parquet`))} (${PARQUET_WRITE_OPTIONS})`,
    );
    rows += row?.Count ?? 0;
  }
  return { table, rows, dir };
}
