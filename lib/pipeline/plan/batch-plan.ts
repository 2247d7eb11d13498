import { collapsesLines, CSV_LIMITS, lineParentNoun, lookAlikes, parseOptionsOf, resolveColumns, sniffCsv, type ColumnResolution, type Encoding, type TableName } from "../../contracts";
import type { BatchManifest, ManifestFile } from "../../lake/manifest";
import type { LakeStorage } from "../../lake/storage";
import { job1Sql, type Job1TableSql } from "./job1-sql";

/**
 * The batch's read plan, made once by ValidateBatch in TypeScript and followed by job 1 on both
 * backends (locally and by the Glue runner): how each file is read (encoding, delimiter, header),
 * which source column feeds which contract column, and the job's SQL rendered for it. The runners
 * only fill in where the (UTF-8) file is on their disk: no rule of the contract lives in a runner.
 */
/**
 * 2: nulRows, rounded and counts' swallowed (a version-1 plan, from before, lacks them: refused by name).
 * 3: skipLines (a version-2 plan lacks it: the runners would count an Excel `sep=` line as the header's),
 *    and rounded answers the warning's words, not a column and a count.
 */
export const PLAN_VERSION = 3;

export interface TablePlan {
  table: TableName;
  key: string;
  fileName: string;
  /** Bytes are transcoded to UTF-8 by the runner first unless this is utf-8. */
  encoding: Encoding;
  delimiter: string;
  /** Lines before the header: 1 after an Excel `sep=;` line (which named the delimiter), else 0. */
  skipLines: number;
  header: string[];
  /** The file also feeds another table: this table takes one row per key (orders from order lines). */
  collapse: boolean;
  /** Set when the table cannot be read at all: the job fails this table with it and reads nothing. */
  error: string | null;
  warnings: string[];
  /** Contract column → the source's header name, where they differ (reject reports name the source's). */
  sourceNames: Record<string, string>;
  sql: Job1TableSql | null;
}

export interface BatchPlan {
  version: typeof PLAN_VERSION;
  batchId: string;
  month: string;
  /** The macros every table's SQL uses, rendered with the month and the profile's conventions. */
  macros: string;
  tables: TablePlan[];
}

/** How much of each file is read to plan it. */
export const PLAN_SAMPLE_BYTES = CSV_LIMITS.maxHeaderBytes;

/** Reads each file's header from the lake and plans how job 1 reads it through the batch's profile. */
export async function planBatch(lake: LakeStorage, manifest: BatchManifest, currentYear = new Date().getUTCFullYear()): Promise<BatchPlan> {
  const profile = manifest.profile;
  const parse = parseOptionsOf(profile);
  const sql = await job1Sql(manifest, parse, currentYear);
  const tables: TablePlan[] = [];
  for (const f of manifest.files) {
    const sample = await lake.getStart(f.key, PLAN_SAMPLE_BYTES);
    tables.push(planTable(f, sample, manifest, sql.table));
  }
  return { version: PLAN_VERSION, batchId: manifest.batchId, month: manifest.month, macros: sql.macros, tables };
}

function planTable(
  f: ManifestFile,
  sample: Uint8Array,
  manifest: BatchManifest,
  render: (t: TableName, file: ManifestFile, res: ColumnResolution, header: string[], read: { delimiter: string; skipLines: number }, collapse: boolean) => Job1TableSql,
): TablePlan {
  const profile = manifest.profile;
  // The other tables the same file feeds (an order-lines export feeds orders and order_items).
  const alsoFeeds = manifest.files.filter((g) => g.key === f.key && g.table !== f.table).map((g) => g.table);
  const collapse = collapsesLines(f.table, alsoFeeds);
  const base: TablePlan = {
    table: f.table, key: f.key, fileName: f.fileName, encoding: profile?.encoding ?? "utf-8", delimiter: ",", skipLines: 0, header: [], collapse,
    error: null, warnings: [], sourceNames: {}, sql: null,
  };
  const sniff = sniffCsv(sample, { encoding: profile?.encoding ?? "utf-8", delimiter: profile?.delimiter ?? "," });
  if (!sniff.ok) {
    const hint = sniff.rule === "encoding" && !profile?.encoding ? " — save it as UTF-8, or upload it with a source profile naming its encoding" : "";
    return { ...base, error: `${f.fileName}, line ${sniff.line ?? 1}: ${sniff.message}${hint} (rule: ${sniff.rule})` };
  }
  const res = resolveColumns(f.table, sniff.header, profile?.tables?.[f.table], alsoFeeds);
  const skipLines = sniff.headerLine - 1;
  const plan: TablePlan = { ...base, encoding: sniff.encoding, delimiter: sniff.delimiter, skipLines, header: sniff.header, sourceNames: res.sourceName };
  const said = profile?.delimiter;
  if (sniff.sepLine && said && said !== "auto" && said !== sniff.sepLine) {
    plan.warnings.push(`the file's first line "sep=${shown(sniff.sepLine)}" names the delimiter "${shown(sniff.sepLine)}": read with it, not with the profile's "${shown(said)}"`);
  }
  for (const miss of res.profileMisses) plan.warnings.push(`the profile reads ${miss.column} from a column "${miss.header}" the file does not have`);
  if (res.missingRequired.length > 0) {
    const cols = res.missingRequired.join(", ");
    // A header that does not split on the delimiter is one long name: say so instead of listing every column.
    const oneColumn = sniff.header.length === 1 && /[;\t|]/.test(sniff.header[0] ?? "");
    const why = oneColumn
      ? ` (the header is one column: is the delimiter "${/;/.test(sniff.header[0]!) ? ";" : /\t/.test(sniff.header[0]!) ? "tab" : "|"}"? Use a source profile)`
      : namedOtherwise(res.missingRequired, sniff.header);
    return { ...plan, error: `${f.fileName}, line ${sniff.headerLine}: missing required column${res.missingRequired.length > 1 ? "s" : ""} ${cols}${why} (rule: required column)` };
  }
  for (const r of res.repeated) plan.warnings.push(`the header names "${r.header}" ${r.times} times: the first of them is read, the others are ignored`);
  // A file feeding two tables: a column the other table reads is not unknown (order_items listed the
  // order's customer, date and status as "ignored" in every order-lines export).
  const unknown = alsoFeeds.reduce((names, t) => {
    const other = resolveColumns(t, sniff.header, profile?.tables?.[t], [f.table, ...alsoFeeds.filter((x) => x !== t)]);
    return names.filter((n) => other.unknown.includes(n));
  }, res.unknown);
  if (unknown.length > 0) plan.warnings.push(`unknown columns ignored: ${summarise(unknown)}`);
  if (res.missingOptional.length > 0) plan.warnings.push(`optional columns absent (read as empty): ${res.missingOptional.join(", ")}`);
  if (res.lineNumber) plan.warnings.push(`no ${res.lineNumber} column: each line is numbered 1, 2, … within its ${lineParentNoun(f.table)} in file order`);
  return { ...plan, sql: render(f.table, f, res, sniff.header, { delimiter: sniff.delimiter, skipLines }, collapse) };
}

const shown = (d: string) => (d === "\t" ? "\\t" : d);

/** The missing columns the header seems to name otherwise, for the message. */
function namedOtherwise(missing: string[], header: string[]): string {
  const pairs = lookAlikes(missing, header).map((l) => `${l.column} as "${l.header}"`);
  return pairs.length === 0 ? "" : ` (the file seems to name ${summarise(pairs, 5)}: map them with a source profile, which the upload page suggests)`;
}

/** A long list is cut (a file with thousands of extra columns must not flood the log). */
function summarise(names: string[], max = 20): string {
  return names.length <= max ? names.join(", ") : `${names.slice(0, max).join(", ")} and ${names.length - max} more`;
}
