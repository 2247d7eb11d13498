import { randomUUID } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { getSql } from "../../db/client";
import { lakeKeys } from "../../lake/keys";
import { Duck } from "../duck";
import { loadSql, sqlIdent, sqlString } from "../sql/render";
import type { Job3Result, JobContext } from "./context";
import { parquetRelation } from "./stage-inputs";

/** Curated tables loaded into the database (events stay in the lake: the database serves orders and marts). */
export const LOADED_TABLES = [
  "fact_orders_enriched",
  "fact_order_items_enriched",
  "mart_kpis",
  "mart_weekly_revenue",
  "mart_category_sales",
  "mart_revenue_by_country",
  "mart_revenue_by_channel",
  "mart_heatmap",
] as const;

interface LoadFile {
  table: string;
  csv: string;
  columns: string[];
  rows: number;
}

/**
 * Job 3, curated → database: DuckDB turns each curated table of the month into a CSV, and COPY (the
 * drivers' bulk path) loads it (PGlite reads the CSV from its own data directory, a server gets it
 * streamed); the month is deleted and reloaded in one transaction. DuckDB writes the next CSV on
 * its own threads while the database loads the previous one.
 */
export async function runJob3(ctx: JobContext): Promise<Job3Result> {
  const started = Date.now();
  const { month } = ctx.manifest;
  const sql = await getSql();
  // Where the database reads files itself (PGlite), the CSVs are written there and not streamed.
  const dir = sql.bulkLoadDir ? path.join(sql.bulkLoadDir, randomUUID()) : path.join(ctx.workDir, "load");
  await mkdir(dir, { recursive: true });
  const duck = await Duck.shared({ timeZone: ctx.timeZone, preserveOrder: false });
  // One export after another on the DuckDB connection, each resolving when its CSV is complete; after
  // a failure the later ones do not run (they reject with the same error).
  const exports: Promise<LoadFile>[] = [];
  for (const table of LOADED_TABLES) {
    exports.push((exports.at(-1) ?? Promise.resolve()).then(() => exportCsv(ctx, duck, table, dir)));
  }
  for (const e of exports) e.catch(() => undefined); // awaited below; a failure is reported there
  try {
    await sql.exec(await loadSql("pipeline/sql/job3/ddl.sql"));
    await sql.transaction(async (tx) => {
      for (const next of exports) {
        const f = await next;
        await tx.query(`DELETE FROM analytics.${sqlIdent(f.table)} WHERE month = $1`, [month]);
        const loaded = await tx.copyFromCsvFile(`analytics.${f.table}`, f.columns, f.csv);
        ctx.log("info", `analytics.${f.table}: ${loaded} rows loaded for ${month}`);
      }
    });
    const files = await Promise.all(exports);
    return { tables: files.map((f) => ({ table: f.table, rows: f.rows })), durationMs: Date.now() - started };
  } finally {
    await Promise.allSettled(exports);
    await duck.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function exportCsv(ctx: JobContext, duck: Duck, table: string, dir: string): Promise<LoadFile> {
  const rel = await parquetRelation(ctx.lake, lakeKeys.curatedPrefix(table, ctx.manifest.month), ctx.workDir);
  if (!rel) throw new Error(`curated ${table} for ${ctx.manifest.month} is missing: job 2 must run first`);
  const csv = path.join(dir, `${table}.csv`);
  // Hive partitioning already yields the `month` column from the path. COPY answers with its row count.
  const [copied] = await duck.all<{ Count: number }>(`COPY (SELECT * FROM ${rel}) TO ${sqlString(csv)} (HEADER, DELIMITER ',')`);
  const cols = await duck.all<{ column_name: string }>(`DESCRIBE SELECT * FROM ${rel}`);
  return { table, csv, columns: cols.map((c) => c.column_name), rows: copied?.Count ?? 0 };
}
