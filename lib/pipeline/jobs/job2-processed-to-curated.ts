import { mkdir } from "node:fs/promises";
import path from "node:path";
import { TABLE_NAMES } from "../../contracts";
import { lakeKeys } from "../../lake/keys";
import { Duck } from "../duck";
import { publishDir } from "../publish";
import { loadSql, renderSql, sqlString } from "../sql/render";
import { PARQUET_WRITE_OPTIONS } from "./parquet-output";
import type { Job2Result, JobContext } from "./context";
import { parquetRelation } from "./stage-inputs";

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

const DIMENSIONS = new Set(["customers", "products"]);

/**
 * Job 2, processed → curated. Everything is computed and staged first; the month's curated partitions
 * are swapped in only once every table is written, so a failure leaves the previous curated data intact.
 */
export async function runJob2(ctx: JobContext): Promise<Job2Result> {
  const started = Date.now();
  const { month } = ctx.manifest;
  const duck = await Duck.shared({ timeZone: ctx.timeZone, preserveOrder: false });
  try {
    await duck.run(await loadSql("pipeline/sql/job2/inputs_empty.sql"));
    const missing = new Set<string>();
    for (const table of TABLE_NAMES) {
      const prefix = DIMENSIONS.has(table) ? lakeKeys.processedTable(table) : lakeKeys.processedPrefix(table, month);
      const rel = await parquetRelation(ctx.lake, prefix, ctx.workDir);
      const view = DIMENSIONS.has(table) ? `p_${table}_all` : `p_${table}`;
      await duck.run(`CREATE OR REPLACE VIEW ${view} AS SELECT * FROM ${rel ?? `empty_${table}`}`);
      if (!rel) {
        missing.add(table);
        ctx.log("warn", `no processed ${table} for ${DIMENSIONS.has(table) ? "any month" : month}: treated as empty`);
      }
    }
    const allOrders = await parquetRelation(ctx.lake, lakeKeys.processedTable("orders"), ctx.workDir);
    await duck.run(`CREATE OR REPLACE VIEW p_orders_all AS SELECT * FROM ${allOrders ?? "empty_orders"}`);

    const [y, m] = month.split("-").map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
    const params = {
      month: sqlString(month), month_start: sqlString(`${month}-01`), month_end: sqlString(`${next}-01`),
      // Which tables the month received (mart_kpis flags: a number without its table is "not available").
      ...Object.fromEntries(["sessions", "events", "reviews"].map((t) => [`has_${t}`, missing.has(t) ? "FALSE" : "TRUE"])),
    };
    await duck.run(renderSql(await loadSql("pipeline/sql/job2/prepare.sql"), params));
    // The largest table is written on a second connection (all threads) from the start, while the first
    // one builds the rest, which is small and mostly single-threaded.
    const second = await duck.connect();
    const events = writeCurated(ctx, second, "events_enriched");
    events.catch(() => undefined); // awaited below; a failure is reported there
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
    const staged = written.map((w) => ({ dir: w.dir, prefix: lakeKeys.curatedPrefix(w.table, month) }));
    for (const s of staged) await publishDir(ctx.lake, s.dir, s.prefix);

    const orphans = Object.fromEntries(
      (await duck.all<{ table: string; orphans: number }>(`SELECT "table", orphans FROM orphan_counts`)).map((r) => [r.table, r.orphans]),
    );
    for (const t of tables) ctx.log("info", `${t.table}: ${t.rows} rows`);
    for (const [t, n] of Object.entries(orphans)) if (n > 0) ctx.log("warn", `${t}: ${n} orphan rows kept (parent not found)`);
    return { tables, orphans, durationMs: Date.now() - started };
  } finally {
    await duck.close();
  }
}

interface Written {
  table: CuratedTable;
  rows: number;
  dir: string;
}

async function writeCurated(ctx: JobContext, duck: Duck, table: CuratedTable): Promise<Written> {
  const dir = path.join(ctx.workDir, "curated", table);
  await mkdir(dir, { recursive: true });
  // COPY answers with the number of rows written (events_enriched is a view: counted once, here).
  const [row] = await duck.all<{ Count: number }>(
    `COPY ${table} TO ${sqlString(path.join(dir, "part-0.parquet"))} (${PARQUET_WRITE_OPTIONS})`,
  );
  return { table, rows: row?.Count ?? 0, dir };
}
