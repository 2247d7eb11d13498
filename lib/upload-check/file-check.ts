import {
  CSV_LIMITS,
  headerFingerprint,
  isMonth,
  lookAlikes,
  normalizeHeaderName,
  parseOptionsOf,
  collapsesLines,
  lineParentNoun,
  resolveColumns,
  tablesInFileName,
  type ConcreteDelimiter,
  type Encoding,
  type SourceProfile,
  type TableName,
} from "../contracts";
import type { CsvReaderState } from "./csv-reader";
import type { RowCheckOptions, RowCheckResult, SampleProblem, TablePlan } from "./row-checker";
import { plural } from "./rule-text";
import { chooseTables, type DetectedBy } from "./table-choice";

/** What the browser shows per file before anything is sent. */
export type IssueLevel = "error" | "warning" | "info";

export interface FileIssue {
  level: IssueLevel;
  code:
    | "empty"
    | "binary"
    | "encoding"
    | "format"
    | "limits"
    | "header"
    | "no_table"
    | "missing_required"
    | "unterminated_quote"
    | "duplicate_table"
    | "unknown_columns"
    | "duplicate_columns"
    | "missing_optional"
    | "line_number"
    | "profile_misses"
    | "type_errors"
    | "outside_month"
    | "field_count"
    | "stray_quote"
    | "no_rows"
    | "sample_only";
  message: string;
}

export type { SampleProblem };

/** One table the file loads into, as its header resolves through the profile. */
export interface TablePart {
  table: TableName;
  missingRequired: string[];
  missingOptional: string[];
  /** Contract column → the source header it is read from. */
  sourceOf: Record<string, string>;
  /** Contract column → the profile's default, for columns the file lacks. */
  defaults: Record<string, string>;
}

export interface FileCheck {
  fileName: string;
  size: number;
  /** How the file is read (null when it could not be read at all). */
  format: { encoding: Encoding; delimiter: ConcreteDelimiter; hasBom: boolean } | null;
  /** What the file looks like (sniffed), whatever the profile says: the mapping step starts from it. */
  detectedFormat: { encoding: Encoding; delimiter: ConcreteDelimiter } | null;
  table: TableName | null;
  alsoTable: TableName | null;
  detected: TableName | null;
  detectedBy: DetectedBy | null;
  overridden: boolean;
  header: string[];
  fingerprint: string | null;
  /** Data rows: exact when the whole file was read, else estimated from the sample's bytes per row. */
  rows: number | null;
  rowsExact: boolean;
  /** Rows whose values were checked. */
  sampledRows: number;
  /** Of those, fact rows dated outside the batch month (the run quarantines them). */
  outsideMonthRows: number;
  parts: TablePart[];
  /** The first table's missing columns (both tables' are in `parts`). */
  missingRequired: string[];
  missingOptional: string[];
  /** Header names read by no table (ignored by the run). */
  unknownColumns: string[];
  /** First problems found (capped); `problemCount` counts them all. */
  problems: SampleProblem[];
  problemCount: number;
  rowsWithProblems: number;
  reasons: RowCheckResult["reasons"];
  issues: FileIssue[];
  /** An error blocks this file (only this file) from the upload. */
  blocked: boolean;
  /** The file does not fit as read (format, table or required columns): the page offers the mapping step. */
  needsMapping: boolean;
}

export interface CheckContext {
  fileName: string;
  /** Size of the whole file in bytes. */
  size: number;
  /** The batch's source profile; null = the contract's own format. */
  profile?: SourceProfile | null;
  /** Tables a saved profile knows this file by (header fingerprint). */
  profileTables?: TableName[];
  /** The user's choice of table; null/undefined = detect. */
  tableOverride?: TableName | null;
  /** The user's choice of a second table; undefined = as the profile says. */
  alsoTableOverride?: TableName | null;
  /** Batch month: fact rows outside it would be quarantined. */
  month?: string | null;
  /** The business time zone. */
  timeZone?: string;
  /** Rows whose values are checked. */
  maxCheckedRows?: number;
  maxProblems?: number;
  currentYear?: number;
}

export const MAX_LISTED_PROBLEMS = 50;

export function emptyCheck(ctx: CheckContext): FileCheck {
  return {
    fileName: ctx.fileName,
    size: ctx.size,
    format: null,
    detectedFormat: null,
    table: ctx.tableOverride ?? null,
    alsoTable: null,
    detected: null,
    detectedBy: null,
    overridden: (ctx.tableOverride ?? null) !== null,
    header: [],
    fingerprint: null,
    rows: null,
    rowsExact: false,
    sampledRows: 0,
    outsideMonthRows: 0,
    parts: [],
    missingRequired: [],
    missingOptional: [],
    unknownColumns: [],
    problems: [],
    problemCount: 0,
    rowsWithProblems: 0,
    reasons: [],
    issues: [],
    blocked: false,
    needsMapping: false,
  };
}

export function failedCheck(ctx: CheckContext, code: FileIssue["code"], message: string, extra: Partial<FileCheck> = {}): FileCheck {
  return finish({ ...emptyCheck(ctx), ...extra, issues: [{ level: "error", code, message }] });
}

/** Everything the header decides: tables, column resolution, the issues of the header, how rows are checked. */
export interface HeaderDecision {
  check: FileCheck;
  plans: TablePlan[];
  /** Rows are checked only when every table has its required columns. */
  checkRows: boolean;
  rowOptions: RowCheckOptions;
}

export function decideFromHeader(
  ctx: CheckContext,
  read: { encoding: Encoding; delimiter: ConcreteDelimiter; hasBom: boolean; header: string[] },
  detectedFormat: FileCheck["detectedFormat"],
): HeaderDecision {
  const profile = ctx.profile ?? null;
  const { header } = read;
  const choice = chooseTables({
    fileName: ctx.fileName,
    header,
    profile,
    profileTables: ctx.profileTables,
    tableOverride: ctx.tableOverride,
    alsoTableOverride: ctx.alsoTableOverride,
  });
  const tables = [choice.table, choice.alsoTable].filter((t): t is TableName => t !== null);
  const plans: TablePlan[] = tables.map((table) => ({
    table,
    resolution: resolveColumns(table, header, profile?.tables?.[table], tables.filter((t) => t !== table)),
    collapsed: collapsesLines(table, tables.filter((t) => t !== table)),
  }));
  const unknownColumns = unknownColumnsOf(header, plans);
  const check: FileCheck = {
    ...emptyCheck(ctx),
    ...choice,
    format: { encoding: read.encoding, delimiter: read.delimiter, hasBom: read.hasBom },
    detectedFormat,
    header,
    fingerprint: headerFingerprint(header),
    parts: plans.map((p) => partOf(p, header)),
    missingRequired: plans[0]?.resolution.missingRequired ?? [],
    missingOptional: plans[0]?.resolution.missingOptional ?? [],
    unknownColumns,
    // In the order the user reads them: the header's names, the table, each table's columns, the extras.
    issues: [
      ...duplicateColumnIssues(header),
      ...(choice.table ? [] : [noTableIssue(ctx.fileName)]),
      ...plans.flatMap((p) => columnIssues(p, plans.length > 1, header)),
      ...unknownColumnIssues(unknownColumns),
    ],
  };
  return {
    check,
    plans,
    checkRows: plans.length > 0 && plans.every((p) => p.resolution.missingRequired.length === 0),
    rowOptions: rowOptionsOf(ctx, profile),
  };
}

/** No table decided: a name naming two tables says so (its columns did not decide either). */
function noTableIssue(fileName: string): FileIssue {
  const named = tablesInFileName(fileName);
  const message =
    named.length > 1
      ? `The file name names ${named.length} tables (${named.join(", ")}) and its columns do not say which: choose the table, or map the file.`
      : "Can't tell which table this file is from its name or its columns. Choose the table, or map the file.";
  return { level: "error", code: "no_table", message };
}

function duplicateColumnIssues(header: string[]): FileIssue[] {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const h of header.map(normalizeHeaderName)) {
    if (h && seen.has(h)) dupes.add(h);
    seen.add(h);
  }
  return dupes.size > 0 ? [{ level: "warning", code: "duplicate_columns", message: `Repeated column names (the first one is used): ${[...dupes].join(", ")}.` }] : [];
}

/** One table's columns as resolved: what is missing, and what the profile expected but the file lacks. */
function columnIssues(p: TablePlan, twoTables: boolean, header: string[]): FileIssue[] {
  const res = p.resolution;
  const issues: FileIssue[] = [];
  if (res.missingRequired.length > 0) {
    // "But it is there": a header in the shop's own spelling is named, as the jobs name it.
    const alike = lookAlikes(res.missingRequired, header).map((l) => `${l.column} as “${l.header}”`);
    const why = alike.length > 0 ? ` The file seems to name ${alike.join(", ")}: map its columns once.` : "";
    issues.push({
      level: "error",
      code: "missing_required",
      message: `Missing required ${res.missingRequired.length === 1 ? "column" : "columns"} for ${p.table}: ${res.missingRequired.join(", ")}.${why}`,
    });
  }
  if (res.missingOptional.length > 0) {
    issues.push({ level: "info", code: "missing_optional", message: `Optional columns not in the file${twoTables ? ` (${p.table})` : ""} (read as empty): ${res.missingOptional.join(", ")}.` });
  }
  if (res.lineNumber) {
    issues.push({ level: "info", code: "line_number", message: `No ${res.lineNumber} column: each line is numbered 1, 2, … within its ${lineParentNoun(p.table)}, in file order.` });
  }
  for (const miss of res.profileMisses) {
    issues.push({ level: "warning", code: "profile_misses", message: `The profile reads ${p.table}.${miss.column} from “${miss.header}”, which this file does not have.` });
  }
  return issues;
}

function partOf(p: TablePlan, header: string[]): TablePart {
  return {
    table: p.table,
    missingRequired: p.resolution.missingRequired,
    missingOptional: p.resolution.missingOptional,
    sourceOf: Object.fromEntries(Object.entries(p.resolution.indexOf).map(([c, i]) => [c, header[i]!.trim()])),
    defaults: p.resolution.defaults,
  };
}

/** Header names no table reads, as the file spells them (none are reported when no table was recognised). */
function unknownColumnsOf(header: string[], plans: TablePlan[]): string[] {
  if (plans.length === 0) return [];
  const used = new Set(plans.flatMap((p) => Object.values(p.resolution.indexOf)));
  const seen = new Set<string>();
  return header.flatMap((h, i) => {
    const key = normalizeHeaderName(h);
    if (used.has(i) || key === "" || seen.has(key)) return [];
    seen.add(key);
    return [h.trim()];
  });
}

function unknownColumnIssues(unknown: string[]): FileIssue[] {
  if (unknown.length === 0) return [];
  return [{ level: "warning", code: "unknown_columns", message: `Unknown ${unknown.length === 1 ? "column" : "columns"} will be ignored: ${unknown.join(", ")}.` }];
}

function rowOptionsOf(ctx: CheckContext, profile: SourceProfile | null): RowCheckOptions {
  return {
    parse: parseOptionsOf(profile),
    month: ctx.month && isMonth(ctx.month) ? ctx.month : null,
    businessTimeZone: ctx.timeZone ?? "UTC",
    sourceTimeZone: profile?.timezone ?? ctx.timeZone ?? "UTC",
    currentYear: ctx.currentYear,
    maxProblems: ctx.maxProblems ?? MAX_LISTED_PROBLEMS,
  };
}

/** Adds what the rows said (and how the reader fared) to a header decision. */
export function withRows(
  d: HeaderDecision,
  rows: RowCheckResult | null,
  reader: CsvReaderState,
  count: { rows: number | null; exact: boolean },
): FileCheck {
  const c: FileCheck = { ...d.check, rows: count.rows, rowsExact: count.exact };
  // A line past the limit stops the read: nothing after it, rows included, can be trusted.
  if (reader.longLine) return finish({ ...c, rows: null, issues: [longLineIssue(reader.longLine), ...c.issues] });
  const issues = [...c.issues, ...quoteIssues(reader)];
  if (rows) {
    Object.assign(c, { sampledRows: rows.checkedRows, outsideMonthRows: rows.outsideMonth, problems: rows.problems, problemCount: rows.problemCount, rowsWithProblems: rows.rowsWithProblems, reasons: rows.reasons });
    issues.push(...rowIssues(rows, count, d.rowOptions.month));
  }
  if (count.exact && count.rows === 0) issues.push({ level: "warning", code: "no_rows", message: "The file has a header but no data rows." });
  return finish({ ...c, issues });
}

function longLineIssue(long: { line: number; bytes: number }): FileIssue {
  return {
    level: "error",
    code: "limits",
    message: `Line ${long.line} is ${(long.bytes / 1024 / 1024).toFixed(1)} MB long; a record may be at most ${CSV_LIMITS.maxLineBytes / 1024 / 1024} MB (limit: line length).`,
  };
}

function quoteIssues(reader: CsvReaderState): FileIssue[] {
  const issues: FileIssue[] = [];
  if (reader.unterminatedQuoteLine !== null) {
    issues.push({
      level: "error",
      code: "unterminated_quote",
      message: `A quoted field that starts on line ${reader.unterminatedQuoteLine} is never closed, so the rest of the file cannot be read.`,
    });
  }
  if (reader.strayQuoteLines.length > 0) {
    issues.push({
      level: "warning",
      code: "stray_quote",
      message: `Text follows a closing quote on ${plural(reader.strayQuoteLines.length, "line")} (first: line ${reader.strayQuoteLines[0]}).`,
    });
  }
  return issues;
}

function rowIssues(rows: RowCheckResult, count: { rows: number | null; exact: boolean }, month: string | null): FileIssue[] {
  const issues: FileIssue[] = [];
  // "row" when every row of the file was read, "sample row" when only the first ones were.
  const allRows = count.exact && rows.checkedRows === count.rows;
  if (rows.fieldCountRows > 0) {
    issues.push({
      level: "warning",
      code: "field_count",
      message: `${plural(rows.fieldCountRows, count.exact ? "row" : "sample row")} ${rows.fieldCountRows === 1 ? "has" : "have"} a different number of fields than the header (first: line ${rows.firstFieldCountLine}).`,
    });
  }
  if (rows.typeErrorRows > 0) {
    issues.push({
      level: "warning",
      code: "type_errors",
      message: `${plural(rows.typeErrorRows, "row")} of the ${plural(rows.checkedRows, allRows ? "row" : "sample row")} ${rows.typeErrorRows === 1 ? "breaks" : "break"} a rule; such rows are quarantined by the run, not loaded.`,
    });
  }
  if (rows.outsideMonth > 0) {
    issues.push({
      level: "warning",
      code: "outside_month",
      message: `${plural(rows.outsideMonth, allRows ? "row" : "sample row")} ${rows.outsideMonth === 1 ? "falls" : "fall"} outside ${month} and will be quarantined.`,
    });
  }
  if (count.rows !== null && rows.checkedRows < count.rows) {
    issues.push({ level: "info", code: "sample_only", message: `Checked the first ${plural(rows.checkedRows, "row")}; the run checks every row.` });
  }
  return issues;
}

export function finish(c: FileCheck): FileCheck {
  const order: Record<IssueLevel, number> = { error: 0, warning: 1, info: 2 };
  const issues = [...c.issues].sort((a, b) => order[a.level] - order[b.level]);
  const mappable = new Set<FileIssue["code"]>(["format", "encoding", "no_table", "missing_required"]);
  return { ...c, issues, blocked: issues.some((i) => i.level === "error"), needsMapping: c.header.length > 0 && issues.some((i) => mappable.has(i.code)) };
}

/**
 * Most of the checked rows (more than half) are dated outside the batch month: the file is probably for
 * another month, or the month is wrong. Not an error (a file may carry a few late rows), but not
 * "ready" either: the page asks to check the month, and uploading asks for a confirmation.
 */
export const isWrongMonth = (c: Pick<FileCheck, "sampledRows" | "outsideMonthRows">): boolean => c.sampledRows > 0 && c.outsideMonthRows * 2 > c.sampledRows;
