import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { TABLES, mapHeader, type TableName } from "../../contracts";
import { lakeKeys } from "../../lake/keys";
import { recordStartLines } from "../csv/line-map";
import { sniffCsvFile } from "../csv/sniff-file";
import { Duck } from "../duck";
import { publishDir, removePrefix } from "../publish";
import { loadSql, renderSql, sqlString } from "../sql/render";
import { PARQUET_WRITE_OPTIONS } from "./parquet-output";
import type { Job1Result, JobContext, TableQuality } from "./context";

/**
 * Job 1, raw → processed: per file, parse with explicit types, normalise, apply the contract's rules,
 * quarantine bad rows (line, raw values, reason), deduplicate by key (last wins) and write zstd Parquet.
 * A file that cannot be read fails only its own table.
 */
export async function runJob1(ctx: JobContext): Promise<Job1Result> {
  const started = Date.now();
  const duck = await Duck.shared({ timeZone: ctx.timeZone });
  try {
    await duck.run(renderSql(await loadSql("pipeline/sql/macros.sql"), monthParams(ctx.manifest.month)));
    // Two lanes, largest files first: a small table runs mostly on one thread, so another table's work
    // fills the second core. Results keep the manifest's order.
    const results: TableQuality[] = new Array(ctx.manifest.files.length);
    const queue = ctx.manifest.files.map((file, i) => ({ file, i })).sort((a, b) => b.file.size - a.file.size);
    const lane = async (conn: Duck) => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        try {
          results[next.i] = await processTable(ctx, conn, next.file.table, next.file.key, next.file.fileName);
        } catch (e) {
          queue.length = 0; // an unexpected error ends the job: the other lane takes nothing new
          throw e;
        }
      }
    };
    const second = await duck.connect();
    // Both lanes end before their connections close, even when one of them throws.
    const settled = await Promise.allSettled([lane(duck), lane(second)]);
    await second.close();
    for (const r of settled) if (r.status === "rejected") throw r.reason;
    return { tables: results, durationMs: Date.now() - started };
  } finally {
    await duck.close();
  }
}

async function processTable(ctx: JobContext, duck: Duck, table: TableName, key: string, fileName: string): Promise<TableQuality> {
  const q: TableQuality = { table, status: "ok", file: fileName, rowsIn: 0, rowsOut: 0, rejected: 0, duplicates: 0, orphans: 0, topReasons: [], warnings: [], error: null };
  const fail = (message: string): TableQuality => {
    ctx.log("error", `${table}: ${message}`);
    return { ...q, status: "failed", error: message };
  };
  const csvPath = ctx.lake.localPath(key) ?? path.join(ctx.workDir, "raw", table, path.basename(key));
  if (!ctx.lake.localPath(key)) await ctx.lake.download(key, csvPath);

  const sniff = await sniffCsvFile(csvPath);
  if (!sniff.ok) return fail(`${fileName}, line 1: ${sniff.message} (rule: ${sniff.rule})`);
  const mapping = mapHeader(table, sniff.header);
  if (mapping.missingRequired.length > 0) {
    const cols = mapping.missingRequired.join(", ");
    return fail(`${fileName}, line 1: missing required column${mapping.missingRequired.length > 1 ? "s" : ""} ${cols} (rule: required column)`);
  }
  if (mapping.unknown.length > 0) q.warnings.push(`unknown columns ignored: ${mapping.unknown.join(", ")}`);
  if (mapping.missingOptional.length > 0) q.warnings.push(`optional columns absent (read as empty): ${mapping.missingOptional.join(", ")}`);

  const spec = TABLES[table];
  const columns = sniff.header.map((_, i) => `'c${i}': 'VARCHAR'`).join(", ");
  const select = spec.columns
    .map((c) => (mapping.indexOf[c.name] !== undefined ? `c${mapping.indexOf[c.name]} AS ${c.name}` : `CAST(NULL AS VARCHAR) AS ${c.name}`))
    .join(", ");
  try {
    // A view: the CSV is read once, straight into the typed table (whose rowid is the record number).
    await duck.run(`DROP TABLE IF EXISTS rej_${table}; DROP TABLE IF EXISTS rejscan_${table};
      CREATE OR REPLACE TEMP VIEW src_${table} AS
      SELECT ${select}
      FROM read_csv(${sqlString(csvPath)}, header = true, auto_detect = false, columns = {${columns}},
        delim = ',', quote = '"', escape = '"', store_rejects = true,
        rejects_table = 'rej_${table}', rejects_scan = 'rejscan_${table}')`);
  } catch (e) {
    return fail(`${fileName}: cannot be parsed as CSV: ${(e as Error).message.split("\n")[0]} (rule: csv)`);
  }
  const params = {
    ...monthParams(ctx.manifest.month),
    table,
    pk_list: spec.primaryKey.join(", "),
    pk_join: spec.primaryKey.map((k) => `d.${k} = t.${k}`).join(" AND "),
    pk_name: spec.primaryKey.join(" + "),
    record: "t.rowid + 1",
    current_year: new Date().getUTCFullYear(),
    batch_id: sqlString(ctx.manifest.batchId),
    loaded_at: sqlString(ctx.manifest.createdAt),
    file_name: sqlString(fileName),
  };
  try {
    await duck.run(renderSql(await loadSql(`pipeline/sql/job1/${table}.sql`), params));
  } catch (e) {
    return fail(`${fileName}: cannot be parsed as CSV: ${(e as Error).message.split("\n")[0]} (rule: csv)`);
  }
  await duck.run(renderSql(await loadSql("pipeline/sql/job1/split.sql"), params));
  await addParserRejects(duck, table, fileName, ctx.manifest.batchId);

  const [counts] = await duck.all<{ src: number; rejected: number; dups: number; bad_csv: number }>(`
    SELECT (SELECT count(*) FROM typed_${table}) AS src, (SELECT count(*) FROM rejects_${table}) AS rejected,
      (SELECT count(*) FROM rejects_${table} WHERE rule = 'duplicate') AS dups,
      (SELECT count(*) FROM rejects_${table} WHERE rule = 'csv') AS bad_csv`);
  if (!counts) throw new Error("count query returned nothing");
  // Every row read is either clean or quarantined (CSV-reader rejects never reached src).
  const rowsOut = counts.src - (counts.rejected - counts.bad_csv);
  Object.assign(q, { rowsIn: counts.src + counts.bad_csv, rowsOut, rejected: counts.rejected, duplicates: counts.dups });
  if (counts.rejected > 0) await fillLineNumbers(duck, table, csvPath, ctx.workDir);
  q.topReasons = (
    await duck.all<{ reason: string; count: number }>(`
      SELECT "column" || ': ' || rule AS reason, count(*) AS count FROM rejects_${table}
      GROUP BY ALL ORDER BY count DESC, reason LIMIT 10`)
  ).map((r) => ({ reason: r.reason, count: r.count }));

  // Record order mattered up to here (rowid = record number); the outputs may be written in any order,
  // which lets DuckDB write them on every thread.
  await duck.run("SET SESSION preserve_insertion_order = false");
  try {
    await writePartition(ctx, duck, `clean_${table}`, rowsOut, lakeKeys.processedPrefix(table, ctx.manifest.month), table);
    await writePartition(ctx, duck, `rejects_${table}`, counts.rejected, lakeKeys.rejectsPrefix(table, ctx.manifest.month), `rejects-${table}`);
  } finally {
    await duck.run("SET SESSION preserve_insertion_order = true");
  }
  ctx.log("info", `${table}: ${q.rowsIn} rows in, ${q.rowsOut} out, ${q.rejected} rejected (${q.duplicates} duplicates) from ${fileName}`);
  for (const w of q.warnings) ctx.log("warn", `${table}: ${w}`);
  await duck.run(`DROP VIEW clean_${table}; DROP TABLE typed_${table}; DROP TABLE dups_${table}; DROP VIEW src_${table}; DROP TABLE rejects_${table}`);
  return q;
}

/** Rows the CSV reader itself refused (wrong number of fields, broken quoting). */
async function addParserRejects(duck: Duck, table: string, fileName: string, batchId: string): Promise<void> {
  await duck.run(`INSERT INTO rejects_${table}
    SELECT ${sqlString(batchId)}, '${table}', ${sqlString(fileName)}, -CAST(min(line) AS BIGINT), NULL,
      coalesce(any_value(column_name), ''), 'csv', any_value(error_type) || ': ' || any_value(error_message), to_json({csv_line: any_value(csv_line)})::VARCHAR
    FROM rej_${table} GROUP BY line`);
}

/**
 * Turns record numbers into physical line numbers. Accepted records are numbered 1..n in file order
 * without the reader's own rejects, which are stored as -(reader line) by addParserRejects.
 */
async function fillLineNumbers(duck: Duck, table: string, csvPath: string, workDir: string): Promise<void> {
  const starts = await recordStartLines(csvPath);
  const parserRejected = new Set(
    (await duck.all<{ r: number }>(`SELECT -record - 1 AS r FROM rejects_${table} WHERE record < 0`)).map((x) => x.r),
  );
  const wanted = new Set((await duck.all<{ r: number }>(`SELECT record AS r FROM rejects_${table}`)).map((x) => x.r));
  const lines: string[] = ["record,line"];
  let accepted = 0;
  starts.forEach((line, idx) => {
    const recordNo = idx + 1;
    if (parserRejected.has(recordNo)) {
      lines.push(`${-(recordNo + 1)},${line}`);
      return;
    }
    accepted++;
    if (wanted.has(accepted)) lines.push(`${accepted},${line}`);
  });
  const mapFile = path.join(workDir, `linemap-${table}.csv`);
  await mkdir(workDir, { recursive: true });
  await writeFile(mapFile, lines.join("\n"));
  await duck.run(`UPDATE rejects_${table} AS r SET line = m.line
    FROM read_csv(${sqlString(mapFile)}, header = true, columns = {'record': 'BIGINT', 'line': 'BIGINT'}) AS m
    WHERE r.record = m.record;
    UPDATE rejects_${table} SET record = NULL WHERE record < 0`);
}

async function writePartition(ctx: JobContext, duck: Duck, relation: string, rows: number, prefix: string, name: string): Promise<void> {
  if (rows === 0) {
    await removePrefix(ctx.lake, prefix);
    return;
  }
  const dir = path.join(ctx.workDir, "out", name);
  await mkdir(dir, { recursive: true });
  await duck.run(`COPY ${relation} TO ${sqlString(path.join(dir, "part-0.parquet"))} (${PARQUET_WRITE_OPTIONS})`);
  await publishDir(ctx.lake, dir, prefix);
}

/** The batch month as SQL: its name and its bounds as instants in the session (business) time zone. */
export function monthParams(month: string): Record<string, string> {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
  return {
    month: sqlString(month),
    month_lo: `TIMESTAMPTZ '${month}-01 00:00:00'`,
    month_hi: `TIMESTAMPTZ '${next}-01 00:00:00'`,
  };
}
