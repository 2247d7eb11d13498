import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { textDecoderLabel, utf8UnderSingleByteMessage } from "../../contracts";
import { lakeKeys } from "../../lake/keys";
import { recordStartLines } from "../csv/line-map";
import { hasMixedLineEndings, toLf } from "../csv/line-endings";
import { hasNulByte } from "../csv/nul-bytes";
import { lineOfFirstHighByte, singleByteKind, transcodeToUtf8 } from "../csv/transcode";
import { Duck, jobMemoryLimitBytes, PLANNED_MEMORY_SHARE } from "../duck";
import type { BatchPlan, TablePlan } from "../plan/batch-plan";
import { readPlan } from "../plan/store";
import { sqlString } from "../sql/render";
import { PARQUET_WRITE_OPTIONS } from "./parquet-output";
import type { Job1Result, JobContext, TableQuality } from "./context";

/**
 * Job 1, raw → processed: follows the batch's read plan (ValidateBatch made it: which file is which
 * table, through which profile): types and checks every row, quarantines bad rows (line, raw values,
 * reason), deduplicates by key (last wins) and stages zstd Parquet for the quality gate. A file that
 * cannot be read fails only its own table.
 */
export async function runJob1(ctx: JobContext, opts: { tablesAlone?: number } = {}): Promise<Job1Result> {
  const started = Date.now();
  const plan = ctx.plan ?? (await readPlan(ctx.lake, ctx.runName));
  const duck = await Duck.shared({ timeZone: ctx.timeZone });
  try {
    // Two lanes, largest files first: a small table runs mostly on one thread, so another table's work
    // fills the second core. Files too large to share the memory go first, one at a time. Results keep
    // the plan's order.
    const sizes = new Map(ctx.manifest.files.map((f) => [`${f.table}:${f.key}`, f.size]));
    const results: TableQuality[] = new Array(plan.tables.length);
    const sizeOf = (t: TablePlan) => sizes.get(`${t.table}:${t.key}`) ?? 0;
    const queue = plan.tables.map((t, i) => ({ t, i })).sort((a, b) => sizeOf(b.t) - sizeOf(a.t));
    const alone = queue.splice(0, opts.tablesAlone ?? tablesAlone(queue.map((q) => sizeOf(q.t)), jobMemoryLimitBytes()));
    // A file that feeds two tables (an order-lines export) is staged, scanned and transcoded once.
    const staged = new Map<string, Promise<LocalCsv>>();
    const stage = (tp: TablePlan) => {
      if (!staged.has(tp.key)) staged.set(tp.key, localCsv(ctx, tp));
      return staged.get(tp.key)!;
    };
    const lane = async (conn: Duck) => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        try {
          results[next.i] = await processTable(ctx, plan, conn, next.t, stage);
        } catch (e) {
          queue.length = 0; // an unexpected error ends the job: the other lane takes nothing new
          throw e;
        }
      }
    };
    const second = await duck.connect();
    // Both lanes end before their connections close, even when one of them throws.
    let settled: PromiseSettledResult<void>[];
    try {
      // The macros are the database's; the time-zone window they read is each connection's own (macros.sql).
      for (const conn of [duck, second]) await conn.run(plan.macros);
      // Each statement runs on both threads already; a second table beside a large one would only
      // make both spill (tablesAlone).
      for (const next of alone) results[next.i] = await processTable(ctx, plan, duck, next.t, stage);
      settled = await Promise.allSettled([lane(duck), lane(second)]);
    } finally {
      await second.close();
    }
    for (const r of settled) if (r.status === "rejected") throw r.reason;
    return { tables: results, durationMs: Date.now() - started };
  } finally {
    await duck.close();
  }
}

/**
 * What a table typed by job 1 holds in memory per byte of its CSV (every valid row is kept until the
 * duplicates are known): measured 1.63 for events and 1.79 for sessions.
 */
export const TYPED_BYTES_PER_CSV_BYTE = 1.8;

/**
 * How many of the largest files (sizes largest first) job 1 reads one at a time before it takes two at a
 * time: a file goes alone while it and the next together would not fit in 80 % of the memory limit. Side
 * by side, two tables that spill slow each other down: at scale 30 (events 1.3 GB and sessions 0.5 GB of
 * CSV, 1400 MB) job 1 took 27.2–28.1 s two at a time and 22.4–25.4 s one at a time; at scale 10, where
 * they fit, one at a time was 0.1–0.6 s slower, and at scale 1 0.2–0.3 s.
 */
export function tablesAlone(sizesLargestFirst: readonly number[], memoryLimitBytes: number): number {
  let n = 0;
  while (n + 1 < sizesLargestFirst.length && (sizesLargestFirst[n]! + sizesLargestFirst[n + 1]!) * TYPED_BYTES_PER_CSV_BYTE > memoryLimitBytes * PLANNED_MEMORY_SHARE) n++;
  return n;
}

async function processTable(ctx: JobContext, plan: BatchPlan, duck: Duck, tp: TablePlan, stage: (tp: TablePlan) => Promise<LocalCsv>): Promise<TableQuality> {
  const { table, fileName } = tp;
  const t0 = Date.now();
  const q: TableQuality = { table, status: "ok", file: fileName, rowsIn: 0, rowsOut: 0, rejected: 0, duplicates: 0, orphans: 0, topReasons: [], warnings: [...tp.warnings], error: null };
  const fail = (message: string): TableQuality => {
    ctx.log("error", `${table}: ${message}`);
    return { ...q, status: "failed", error: message };
  };
  if (tp.error || !tp.sql) return fail(tp.error ?? `${fileName}: no read plan`);
  const sql = tp.sql;

  const staged = await stage(tp);
  if (staged.error) return fail(staged.error);
  let csvPath = staged.path;
  const withInput = (s: string) => s.split("{{input}}").join(sqlString(csvPath)).split("{{encoding}}").join(sqlString(staged.encoding));
  const read = async () => {
    await duck.run(withInput(sql.source));
    // The view is read here: a file the CSV reader cannot parse fails now.
    await duck.run(sql.typed);
  };
  try {
    await read().catch(async (e: unknown) => {
      if (!(await hasMixedLineEndings(csvPath))) throw e;
      // Read again from a copy with one line ending (only after a failure: good files pay nothing).
      csvPath = path.join(ctx.workDir, "raw", table, `${table}.lf.csv`);
      await mkdir(path.dirname(csvPath), { recursive: true });
      await toLf(staged.path, csvPath);
      q.warnings.push(MIXED_LINE_ENDINGS_WARNING);
      await read();
    });
  } catch (e) {
    return fail(`${fileName}: cannot be parsed as CSV: ${(e as Error).message.split("\n")[0]} (rule: csv)`);
  }
  if (await hasNulByte(csvPath)) await duck.run(sql.nulRows);
  await duck.run(sql.split);
  await duck.run(sql.finish);

  const [counts] = await duck.all<{ src: number; rejected: number; dups: number; bad_csv: number; swallowed: number }>(sql.counts);
  if (!counts) throw new Error("count query returned nothing");
  // Every row read is either clean or quarantined (CSV-reader rejects never reached src); the lines an
  // unclosed quote ran into one reject count as the rows they were meant to be, for the gate's share.
  const rowsOut = counts.src - (counts.rejected - counts.bad_csv);
  const swallowed = Number(counts.swallowed);
  Object.assign(q, { rowsIn: counts.src + counts.bad_csv + swallowed, rowsOut, rejected: counts.rejected + swallowed, duplicates: counts.dups });
  // Rejects get their raw row, as the source wrote it, from a second read; unreadable lines carry theirs.
  if (counts.rejected - counts.bad_csv > 0 && sql.rawRows) await duck.run(withInput(sql.rawRows));
  if (counts.rejected > 0) await fillLineNumbers(duck, table, csvPath, tp, ctx.workDir);
  q.topReasons = (await duck.all<{ reason: string; count: number }>(sql.reasons)).map((r) => ({ reason: r.reason, count: r.count }));
  // Amounts are kept to cents: said, not done silently (0.125 × 1000 units is 130.00 of sales, not 125.00).
  for (const r of sql.rounded ? await duck.all<{ warning: string }>(sql.rounded) : []) q.warnings.push(r.warning);

  // Record order mattered up to here (rowid = record number); the outputs may be written in any order,
  // which lets DuckDB write them on every thread.
  await duck.run("SET SESSION preserve_insertion_order = false");
  try {
    // The clean rows wait in the run's staging area for the quality gate; the quarantine is the batch's own.
    await writePartition(ctx, duck, `clean_${table}`, lakeKeys.stagedPrefix(plan.month, ctx.runName, "processed", table), table);
    const rejects = lakeKeys.rejectsBatchPrefix(table, plan.month, plan.batchId);
    if (counts.rejected > 0) await writePartition(ctx, duck, `rejects_${table}`, rejects, `rejects-${table}`);
    else await ctx.lake.removePrefix(rejects);
  } finally {
    await duck.run("SET SESSION preserve_insertion_order = true");
  }
  ctx.log("info", `${table}: ${q.rowsIn} rows in, ${q.rowsOut} out, ${q.rejected} rejected (${q.duplicates} duplicates) from ${fileName} in ${((Date.now() - t0) / 1000).toFixed(2)} s`);
  for (const w of q.warnings) ctx.log("warn", `${table}: ${w}`);
  await duck.run(`DROP VIEW clean_${table}; DROP TABLE typed_${table}; DROP TABLE dups_${table}; DROP VIEW src_${table}; DROP TABLE rejects_${table}; DROP TABLE IF EXISTS srcm_${table}`);
  return q;
}

export const MIXED_LINE_ENDINGS_WARNING = "lines end in more than one way (CRLF, LF, CR): read with every line end as LF";

interface LocalCsv {
  path: string;
  encoding: "utf-8" | "latin-1";
  /** Why the file cannot be read as its plan says (a UTF-8 file under a single-byte profile). */
  error?: string;
}

/**
 * The file on this machine and how DuckDB reads it: staged in (in place on the local lake); a
 * Windows-1252 file whose rows are ASCII is read as UTF-8, one without bytes 0x80–0x9F is Latin-1,
 * which DuckDB decodes itself; other encodings (and Windows-1252 with € “ ” …) are transcoded to UTF-8 first.
 */
async function localCsv(ctx: JobContext, tp: TablePlan): Promise<LocalCsv> {
  const dir = path.join(ctx.workDir, "raw", tp.table);
  const local = await ctx.lake.stageIn(tp.key, dir);
  if (tp.encoding === "utf-8") return { path: local, encoding: "utf-8" };
  if (textDecoderLabel(tp.encoding) === "windows-1252") {
    const kind = await singleByteKind(local);
    if (kind === "utf-8") {
      const line = (await lineOfFirstHighByte(local)) ?? 1;
      return { path: local, encoding: "utf-8", error: `${tp.fileName}, line ${line}: ${utf8UnderSingleByteMessage(tp.encoding.toUpperCase())} (rule: encoding)` };
    }
    if (kind !== "windows-1252") return { path: local, encoding: kind === "ascii" ? "utf-8" : "latin-1" };
  }
  await mkdir(dir, { recursive: true });
  const utf8 = path.join(dir, `${tp.table}.utf8.csv`);
  await transcodeToUtf8(local, utf8, tp.encoding);
  return { path: utf8, encoding: "utf-8" };
}

/**
 * Turns record numbers into physical line numbers. Accepted records are numbered 1..n in file order
 * without the reader's own rejects, which the plan's finish SQL stores as -(record number + 1).
 */
async function fillLineNumbers(duck: Duck, table: string, csvPath: string, tp: TablePlan, workDir: string): Promise<void> {
  const starts = await recordStartLines(csvPath, tp.delimiter, tp.skipLines);
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

async function writePartition(ctx: JobContext, duck: Duck, relation: string, prefix: string, name: string): Promise<void> {
  const dir = path.join(ctx.workDir, "out", name);
  await mkdir(dir, { recursive: true });
  // Written even when empty: a table that loaded no row replaces its month with an empty partition.
  await duck.run(`COPY ${relation} TO ${sqlString(path.join(dir, "part-0.parquet"))} (${PARQUET_WRITE_OPTIONS})`);
  await ctx.lake.replaceWithDir(dir, prefix);
}
