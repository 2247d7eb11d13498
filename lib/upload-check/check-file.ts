import {
  TABLES,
  checkValue,
  mapHeader,
  normalizeHeaderName,
  tableFromFileName,
  tableFromHeader,
  type ColumnSpec,
  type TableName,
} from "@/lib/contracts";
import { parseCsv } from "./csv-records";
import { monthOfTimestamp } from "./month-of";

/** What the browser shows per file before anything is sent. Pure: the page and the tests call it. */
export type IssueLevel = "error" | "warning" | "info";

export interface FileIssue {
  level: IssueLevel;
  code:
    | "empty"
    | "binary"
    | "encoding"
    | "no_table"
    | "missing_required"
    | "unterminated_quote"
    | "duplicate_table"
    | "unknown_columns"
    | "duplicate_columns"
    | "missing_optional"
    | "type_errors"
    | "outside_month"
    | "field_count"
    | "stray_quote"
    | "no_rows"
    | "sample_only";
  message: string;
}

export interface SampleProblem {
  /** Physical line in the file (the header is line 1). */
  line: number;
  column: string;
  value: string;
  rule: string;
  message: string;
}

export interface FileCheck {
  fileName: string;
  size: number;
  /** The table the file will load into (override, else detected). */
  table: TableName | null;
  detected: TableName | null;
  detectedBy: "name" | "header" | null;
  overridden: boolean;
  header: string[];
  /** Data rows: exact when the whole file was read, else estimated from the sample's bytes per row. */
  rows: number | null;
  rowsExact: boolean;
  sampledRows: number;
  missingRequired: string[];
  missingOptional: string[];
  unknownColumns: string[];
  /** First problems found in the sample (capped); `problemCount` counts them all. */
  problems: SampleProblem[];
  problemCount: number;
  rowsWithProblems: number;
  issues: FileIssue[];
  /** An error blocks this file (only this file) from the upload. */
  blocked: boolean;
}

export interface CheckInput {
  fileName: string;
  /** Size of the whole file in bytes. */
  size: number;
  /** The first bytes of the file (or all of it). */
  bytes: Uint8Array;
  /** `bytes` is the whole file. */
  complete: boolean;
  /** The user's choice of table; null/undefined = detect. */
  tableOverride?: TableName | null;
  /** Batch month: fact rows outside it would be quarantined. */
  month?: string | null;
  timeZone?: string;
  /** Rows of the sample whose values are checked. */
  maxCheckedRows?: number;
  maxProblems?: number;
  currentYear?: number;
}

const MAX_LISTED_PROBLEMS = 50;

export function checkCsvSample(input: CheckInput): FileCheck {
  const { fileName, size, bytes, complete } = input;
  const override = input.tableOverride ?? null;
  const base: FileCheck = {
    fileName,
    size,
    table: override ?? tableFromFileName(fileName),
    detected: tableFromFileName(fileName),
    detectedBy: tableFromFileName(fileName) ? "name" : null,
    overridden: override !== null,
    header: [],
    rows: null,
    rowsExact: false,
    sampledRows: 0,
    missingRequired: [],
    missingOptional: [],
    unknownColumns: [],
    problems: [],
    problemCount: 0,
    rowsWithProblems: 0,
    issues: [],
    blocked: false,
  };
  const fail = (code: FileIssue["code"], message: string): FileCheck => finish({ ...base, issues: [{ level: "error", code, message }] });

  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  if (size === 0 || body.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d)) {
    return fail("empty", "The file is empty: a CSV needs at least a header row.");
  }
  if (body.includes(0)) return fail("binary", "This is not a text file. Export the table as CSV (comma-separated, UTF-8).");
  let text: string;
  try {
    // stream: a sample may end in the middle of a multi-byte character.
    text = new TextDecoder("utf-8", { fatal: true }).decode(body, { stream: !complete });
  } catch {
    return fail("encoding", "The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.");
  }

  const parsed = parseCsv(text, { final: complete });
  const headerRecord = parsed.records[0];
  if (!headerRecord) {
    if (parsed.unterminatedQuoteLine !== null) {
      return fail("unterminated_quote", `A quoted field that starts on line ${parsed.unterminatedQuoteLine} is never closed.`);
    }
    return fail("empty", "No complete header row was found at the start of the file.");
  }
  const header = headerRecord.fields;
  const fromHeader = tableFromHeader(header);
  const detected = base.detected ?? fromHeader;
  const check: FileCheck = {
    ...base,
    header,
    detected,
    detectedBy: base.detected ? "name" : fromHeader ? "header" : null,
    table: override ?? detected,
  };
  const issues: FileIssue[] = [];
  const data = parsed.records.slice(1);

  // Rows: exact when we saw the whole file; else scale the sample's bytes per row up to the file size.
  if (complete && parsed.reachedEnd) {
    check.rows = data.length;
    check.rowsExact = true;
  } else if (data.length > 0) {
    const enc = new TextEncoder();
    const headerBytes = (hasBom ? 3 : 0) + enc.encode(text.slice(0, headerRecord.end)).length;
    const dataBytes = (hasBom ? 3 : 0) + enc.encode(text.slice(0, parsed.consumed)).length - headerBytes;
    check.rows = Math.max(data.length, Math.round(((size - headerBytes) * data.length) / Math.max(1, dataBytes)));
  }

  if (parsed.unterminatedQuoteLine !== null) {
    issues.push({
      level: "error",
      code: "unterminated_quote",
      message: `A quoted field that starts on line ${parsed.unterminatedQuoteLine} is never closed, so the rest of the file cannot be read.`,
    });
  }
  if (parsed.strayQuoteLines.length > 0) {
    issues.push({
      level: "warning",
      code: "stray_quote",
      message: `Text follows a closing quote on ${plural(parsed.strayQuoteLines.length, "line")} (first: line ${parsed.strayQuoteLines[0]}).`,
    });
  }

  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const h of header.map(normalizeHeaderName)) {
    if (h && seen.has(h)) dupes.add(h);
    seen.add(h);
  }
  if (dupes.size > 0) {
    issues.push({ level: "warning", code: "duplicate_columns", message: `Repeated column names (the first one is used): ${[...dupes].join(", ")}.` });
  }

  if (!check.table) {
    issues.push({
      level: "error",
      code: "no_table",
      message: "Can't tell which table this file is from its name or its columns. Choose the table.",
    });
    check.sampledRows = data.length;
    return finish({ ...check, issues });
  }

  const spec = TABLES[check.table];
  const mapping = mapHeader(check.table, header);
  check.missingRequired = mapping.missingRequired;
  check.missingOptional = mapping.missingOptional;
  check.unknownColumns = [...new Set(mapping.unknown)];
  if (mapping.missingRequired.length > 0) {
    issues.push({
      level: "error",
      code: "missing_required",
      message: `Missing required ${mapping.missingRequired.length === 1 ? "column" : "columns"} for ${check.table}: ${mapping.missingRequired.join(", ")}.`,
    });
  }
  if (check.unknownColumns.length > 0) {
    issues.push({
      level: "warning",
      code: "unknown_columns",
      message: `Unknown ${check.unknownColumns.length === 1 ? "column" : "columns"} will be ignored: ${check.unknownColumns.join(", ")}.`,
    });
  }
  if (mapping.missingOptional.length > 0) {
    issues.push({ level: "info", code: "missing_optional", message: `Optional columns not in the file (read as empty): ${mapping.missingOptional.join(", ")}.` });
  }

  // Values of the sample rows, with the same rules the job applies.
  const limit = input.maxCheckedRows ?? 1000;
  const maxProblems = input.maxProblems ?? MAX_LISTED_PROBLEMS;
  const rows = data.slice(0, limit);
  check.sampledRows = rows.length;
  const problems: SampleProblem[] = [];
  let problemCount = 0;
  let rowsWithProblems = 0;
  let outsideMonth = 0;
  let typeErrorRows = 0;
  let fieldCountRows = 0;
  let firstFieldCountLine = 0;
  const note = (p: SampleProblem) => {
    problemCount++;
    if (problems.length < maxProblems) problems.push(p);
  };
  const monthCol = spec.monthColumn;
  const month = input.month && /^\d{4}-\d{2}$/.test(input.month) ? input.month : null;

  if (mapping.missingRequired.length === 0) {
    for (const rec of rows) {
      let typeBad = false;
      if (rec.fields.length !== header.length) {
        fieldCountRows++;
        firstFieldCountLine ||= rec.line;
      }
      const values: Record<string, string | null> = {};
      for (const col of spec.columns) {
        const idx = mapping.indexOf[col.name];
        const raw = idx === undefined ? undefined : rec.fields[idx];
        const r = checkValue(col, raw, input.currentYear);
        if (!r.ok) {
          typeBad = true;
          note({ line: rec.line, column: col.name, value: raw ?? "", rule: r.rule, message: describeRule(col, r.rule) });
          continue;
        }
        values[col.name] = r.value;
      }
      for (const col of spec.columns) {
        const other = col.notBefore;
        const v = values[col.name];
        const w = other ? values[other] : null;
        if (other && v && w) {
          const tv = Date.parse(normalizeTs(v));
          const tw = Date.parse(normalizeTs(w));
          if (!Number.isNaN(tv) && !Number.isNaN(tw) && tv < tw) {
            typeBad = true;
            note({ line: rec.line, column: col.name, value: v, rule: "order", message: `is before ${other}` });
          }
        }
      }
      let monthBad = false;
      if (month && monthCol && values[monthCol]) {
        const m = monthOfTimestamp(values[monthCol]!, input.timeZone);
        if (m && m !== month) {
          monthBad = true;
          outsideMonth++;
          note({ line: rec.line, column: monthCol, value: values[monthCol]!, rule: "month", message: `is in ${m}, not in ${month}` });
        }
      }
      if (typeBad) typeErrorRows++;
      if (typeBad || monthBad) rowsWithProblems++;
    }
  }
  check.problems = problems;
  check.problemCount = problemCount;
  check.rowsWithProblems = rowsWithProblems;

  if (fieldCountRows > 0) {
    issues.push({
      level: "warning",
      code: "field_count",
      message: `${plural(fieldCountRows, "sample row")} ${fieldCountRows === 1 ? "has" : "have"} a different number of fields than the header (first: line ${firstFieldCountLine}).`,
    });
  }
  const typeRows = typeErrorRows;
  if (typeRows > 0) {
    issues.push({
      level: "warning",
      code: "type_errors",
      message: `${plural(typeRows, "row")} of the ${plural(rows.length, "sample row")} ${typeRows === 1 ? "breaks" : "break"} a rule; such rows are quarantined by the run, not loaded.`,
    });
  }
  if (outsideMonth > 0) {
    issues.push({
      level: "warning",
      code: "outside_month",
      message: `${plural(outsideMonth, "sample row")} ${outsideMonth === 1 ? "falls" : "fall"} outside ${month} and will be quarantined.`,
    });
  }
  if (data.length === 0 && complete) {
    issues.push({ level: "warning", code: "no_rows", message: "The file has a header but no data rows." });
  }
  if (!check.rowsExact && check.rows !== null) {
    issues.push({ level: "info", code: "sample_only", message: `Checked the first ${plural(rows.length, "row")}; the run checks every row.` });
  }
  return finish({ ...check, issues });
}

/** Adds batch-level errors: two files for the same table cannot go in one batch. */
export function withBatchIssues(checks: readonly FileCheck[]): FileCheck[] {
  const owner = new Map<TableName, number>();
  return checks.map((c, i) => {
    if (!c.table) return c;
    const first = owner.get(c.table);
    if (first === undefined) {
      if (!c.blocked) owner.set(c.table, i);
      return c;
    }
    return finish({
      ...c,
      issues: [
        { level: "error", code: "duplicate_table", message: `${checks[first]!.fileName} is already the ${c.table} file of this batch. Remove one or choose another table.` },
        ...c.issues.filter((x) => x.code !== "duplicate_table"),
      ],
    });
  });
}

function finish(c: FileCheck): FileCheck {
  const order: Record<IssueLevel, number> = { error: 0, warning: 1, info: 2 };
  const issues = [...c.issues].sort((a, b) => order[a.level] - order[b.level]);
  return { ...c, issues, blocked: issues.some((i) => i.level === "error") };
}

function normalizeTs(v: string): string {
  return v.trim().replace(/ UTC$/i, "Z").replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00").replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
}

const RULE_TEXT: Record<string, string> = {
  required: "is empty but required",
  timestamp: "is not an ISO 8601 timestamp",
  decimal: "is not a decimal number (use . and no thousands separator)",
  integer: "is not a whole number",
  boolean: "is not true/false/1/0/yes/no",
  country: "is not a two-letter country code",
  currency: "is not a three-letter currency code",
};

function describeRule(col: ColumnSpec, rule: string): string {
  if (rule === "enum") {
    const vals = col.values ?? [];
    return `is not one of ${vals.slice(0, 6).join(", ")}${vals.length > 6 ? ", …" : ""}`;
  }
  if (rule === "range") {
    const max = col.max === "currentYear" ? "this year" : col.max;
    if (col.min !== undefined && max !== undefined) return `is outside ${col.min}..${max}`;
    if (col.min !== undefined) return col.minExclusive ? `must be greater than ${col.min}` : `must be ${col.min} or more`;
    return `must be at most ${max}`;
  }
  return RULE_TEXT[rule] ?? `breaks rule ${rule}`;
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}
