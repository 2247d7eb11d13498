import { COUNTRY_ALIASES, COUNTRY_CODES, CSV_LIMITS, CURRENCY_CODES, DECIMAL_INTEGER_DIGITS, normalizeEnum, numberPatterns, THOUSANDS_SPACE_CHARS, THOUSANDS_SPACES, TABLES, type ColumnResolution, type ColumnSpec, type ParseOptions, type TableName } from "../../contracts";
import type { BatchManifest, ManifestFile } from "../../lake/manifest";
import { monthParams } from "../month-params";
import { loadSql, renderSql, sqlString } from "../sql/render";

/**
 * Job 1's SQL for one table of one file, rendered from the contract's SQL files (lib/pipeline/sql)
 * with what ValidateBatch learnt of the file. `{{input}}` and `{{encoding}}` are left for the runner:
 * the path of the file on its own disk and how DuckDB decodes it ('utf-8', or 'latin-1' for a
 * Windows-1252 file without the bytes where the two differ, read in place instead of transcoded; a
 * Windows-1252 file whose rows are all ASCII is read as 'utf-8').
 */
export interface Job1TableSql {
  /**
   * Creates `src_<table>`: contract columns (mapped, defaulted, words translated) + `_src`, always NULL:
   * the raw rows of the few rejects are read again (rawRows), so the reader skips the columns no rule reads
   * and no row pays for a struct of every column (a tenth of job 1 on a file with many extra columns).
   */
  source: string;
  /** Creates `typed_<table>`: parsed values and each row's first rule violation. */
  typed: string;
  /** Creates `clean_<table>` (valid, deduplicated) and `rejects_<table>`. */
  split: string;
  /** Adds the CSV reader's own rejects and names columns as the source does. */
  finish: string;
  /**
   * Run only when the file holds a NUL byte (job 1 looks for one; good files pay nothing): rejects the
   * rows whose text values hold it, which no PostgreSQL text can (job 3 failed on one in a product name).
   */
  nulRows: string;
  /** One row: src, rejected, dups, bad_csv, swallowed. */
  counts: string;
  /** Most frequent reasons: reason, count. */
  reasons: string;
  /**
   * Per money column whose loaded values had more than 2 decimals (rounded to cents), the warning that
   * says how many: warning. Empty for a table without money (nothing to scan; its `_rounded` is always null).
   */
  rounded: string;
  /**
   * Run only when the table has rejects other than duplicates and unreadable lines, with `{{input}}`
   * filled in: gives them their raw row (a collapsed table's: its key's first line), read again from the file.
   */
  rawRows: string;
}

/** Renders the batch's macros and returns the per-table renderer (SQL files are read once). */
export async function job1Sql(manifest: BatchManifest, parse: ParseOptions, currentYear: number) {
  const macros = renderSql(await loadSql("pipeline/sql/macros.sql"), { ...monthParams(manifest.month), ...parseParams(parse, manifest.profile?.timezone) });
  const templates = Object.fromEntries(
    await Promise.all((Object.keys(TABLES) as TableName[]).map(async (t) => [t, await loadSql(`pipeline/sql/job1/${t}.sql`)] as const)),
  ) as Record<TableName, string>;
  const splitSql = await loadSql("pipeline/sql/job1/split.sql");

  const table = (t: TableName, file: ManifestFile, res: ColumnResolution, header: string[], read: CsvRead, collapse: boolean): Job1TableSql => {
    const spec = TABLES[t];
    const params = {
      ...monthParams(manifest.month),
      table: t,
      pk_list: spec.primaryKey.join(", "),
      pk_join: spec.primaryKey.map((k) => `d.${k} = t.${k}`).join(" AND "),
      pk_name: spec.primaryKey.join(" + "),
      // Collapsed orders are one row per order: its record is the order's first line.
      record: collapse ? `(SELECT m._rec FROM srcm_${t} m WHERE m.rowid = t.rowid)` : "t.rowid + 1",
      current_year: currentYear,
      batch_id: sqlString(manifest.batchId),
      loaded_at: sqlString(manifest.createdAt),
      file_name: sqlString(file.fileName),
    };
    return {
      source: sourceSql(t, res, header, read, collapse),
      typed: renderSql(templates[t], params),
      split: renderSql(splitSql, params),
      finish: finishSql(t, res, header, file.fileName, manifest.batchId, read.skipLines),
      nulRows: nulRowsSql(t),
      // swallowed: the lines after the first of records an unclosed quote ran together (finishSql), each a row lost to the count otherwise.
      counts: `SELECT (SELECT count(*) FROM typed_${t}) AS src, (SELECT count(*) FROM rejects_${t}) AS rejected,
  (SELECT count(*) FROM rejects_${t} WHERE rule = 'duplicate') AS dups, (SELECT count(*) FROM rejects_${t} WHERE rule = 'csv') AS bad_csv,
  (SELECT coalesce(sum(csv_lines(json_extract_string(raw, '$.csv_line')) - 1), 0) FROM rejects_${t} WHERE rule = 'csv' AND message LIKE '${UNCLOSED_QUOTE}%') AS swallowed`,
      // A line the reader could not split has no column: its reason is the rule alone, not ": csv".
      reasons: `SELECT CASE WHEN "column" = '' THEN rule ELSE "column" || ': ' || rule END AS reason, count(*) AS count FROM rejects_${t} GROUP BY ALL ORDER BY count DESC, reason LIMIT 10`,
      // The warning's words are the plan's, so both runners say the same without a copy of them.
      rounded: TABLES[t].columns.some((c) => c.type === "decimal")
        ? `SELECT _rounded || ': ' || count(*) || CASE WHEN count(*) = 1 THEN ' value has' ELSE ' values have' END
    || ' more than 2 decimals, rounded to cents (amounts are kept to 2 decimals)' AS warning
  FROM typed_${t} WHERE _error IS NULL AND _rounded IS NOT NULL GROUP BY _rounded ORDER BY _rounded`
        : "",
      rawRows: rawRowsSql(t, header, read),
    };
  };
  return { macros, table };
}

/** The contract's code lists as the macros read them (lib/contracts/iso-codes.ts). */
function codeParams(): Record<string, string> {
  const enumOf = (codes: readonly string[]) => `ENUM(${codes.map(sqlString).join(", ")})`;
  const aliases = Object.entries(COUNTRY_ALIASES);
  return {
    country_enum: enumOf([...COUNTRY_CODES, ...aliases.map(([alias]) => alias)]),
    currency_enum: enumOf(CURRENCY_CODES),
    country_alias: `CASE upper(nz(s)) ${aliases.map(([alias, code]) => `WHEN ${sqlString(alias)} THEN ${sqlString(code)}`).join(" ")} ELSE upper(nz(s)) END`,
  };
}

/** The macro parameters of a profile's conventions (the contract's own by default), with the code lists. */
export function parseParams(parse: ParseOptions, timeZone: string | undefined): Record<string, string> {
  const patterns = numberPatterns(parse);
  const stripThousands =
    parse.thousands === "" ? "trim(s)" : `regexp_replace(trim(s), ${sqlString(parse.thousands === " " ? THOUSANDS_SPACES : `\\${parse.thousands}`)}, '', 'g')`;
  const localTs = timeZone ? `timezone(${sqlString(timeZone)}, x)` : "CAST(x AS TIMESTAMPTZ)";
  const dmy = parse.dateOrder === "MDY" ? "%m/%d/%Y" : "%d/%m/%Y";
  const numericTs =
    parse.dateOrder === "YMD"
      ? "CAST(NULL AS TIMESTAMPTZ)"
      : `CASE WHEN regexp_full_match(trim(s), '\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{4}([ T]\\d{1,2}:\\d{2}(:\\d{2})?)?')
    THEN local_ts(try_strptime(replace(regexp_replace(trim(s), '[.-]', '/', 'g'), 'T', ' '), ['${dmy} %H:%M:%S', '${dmy} %H:%M', '${dmy}'])) END`;
  // The usual spelling of a day-first/month-first export ("25/11/2025 14:10:20"), read by strptime alone
  // (NULL for any other spelling, which then takes the general path): the general path costs ≈ 1.5 s more
  // per million values (DuckDB regex + rewrite), and a shape check before strptime cost more than strptime.
  // The length keeps a two-digit year, which strptime's %Y would take as year 25, on the general path.
  return {
    ...codeParams(),
    numeric_fast_ts:
      parse.dateOrder === "YMD" ? "CAST(NULL AS TIMESTAMPTZ)" : `CASE WHEN length(s) = 19 THEN local_ts(try_strptime(s, '${dmy} %H:%M:%S')) END`,
    dec_re: sqlString(patterns.decimal),
    int_re: sqlString(patterns.integer),
    num_text: parse.decimal === "." ? stripThousands : `replace(${stripThousands}, ',', '.')`,
    // Plain string replaces (no regex): same_num runs on every line of an order-lines export.
    num_plain: (parse.thousands === " " ? THOUSANDS_SPACE_CHARS : parse.thousands === "" ? [] : [parse.thousands]).reduce((e, ch) => `replace(${e}, ${sqlString(ch)}, '')`, "s"),
    decimal_integer_digits: String(DECIMAL_INTEGER_DIGITS),
    dec_mark: sqlString(parse.decimal),
    local_ts: localTs,
    numeric_ts: numericTs,
    // Without a zone of its own, a value without offset is read in the session (business) zone by the cast.
    iso_ts: timeZone
      ? "CASE WHEN ts_has_offset(s) THEN TRY_CAST(ts_norm(s) AS TIMESTAMPTZ) ELSE local_ts(TRY_CAST(trim(s) AS TIMESTAMP)) END"
      : "TRY_CAST(ts_norm(s) AS TIMESTAMPTZ)",
    ts_expect: parse.dateOrder === "YMD" ? "an ISO 8601 timestamp" : `a ${parse.dateOrder === "DMY" ? "DD/MM/YYYY" : "MM/DD/YYYY"} hh:mm(:ss) or ISO 8601 timestamp`,
  };
}

/** A DuckDB identifier in double quotes (header names come from the file: anything may be in them). */
const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Header names made unique (a struct cannot have two fields of one name). */
function uniqueNames(header: string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((h) => {
    const base = h.trim() === "" ? "(unnamed)" : h;
    const n = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), n);
    return n === 1 ? base : `${base} (${n})`;
  });
}

function columnExpr(res: ColumnResolution, spec: ColumnSpec): string {
  const col = spec.name;
  const i = res.indexOf[col];
  const dflt = res.defaults[col];
  if (i === undefined) return dflt === undefined ? "CAST(NULL AS VARCHAR)" : sqlString(dflt);
  let e = `c${i}`;
  const words = res.values[col];
  if (words && Object.keys(words).length > 0) {
    const whens = Object.entries(words).map(([from, to]) => `WHEN ${sqlString(from)} THEN ${sqlString(to)}`).join(" ");
    // The usual spelling ("Pesquisa paga", "E-mail") only needs lower(): a word whose lower case is the
    // normalised word with its "_" written as " " or "-" normalises to it. Everything else (blanks
    // around, two spaces, a tab) takes norm_enum's rewrite, ≈ 8× the cost of lower() per value.
    const spellings = (w: string) => [...new Set([w, w.replaceAll("_", " "), w.replaceAll("_", "-")])];
    const spelled = Object.entries(words).flatMap(([from, to]) => spellings(from).map((v) => `WHEN ${sqlString(v)} THEN ${sqlString(to)}`));
    // The contract's own words, which a profile leaves as they are (an events export's page_view beside
    // its view_item), stay as written after lower() alone too: norm_enum would find no mapping for them.
    const own = (spec.values ?? []).flatMap(spellings).filter((v) => !(normalizeEnum(v) in words));
    e = `CASE lower(${e}) ${[...spelled, ...own.map((v) => `WHEN ${sqlString(v)} THEN ${e}`)].join(" ")} ELSE CASE norm_enum(${e}) ${whens} ELSE ${e} END END`;
  }
  if (dflt !== undefined) e = `CASE WHEN nz(c${i}) IS NULL THEN ${sqlString(dflt)} ELSE ${e} END`;
  return e;
}

/** How the plan reads a file: its delimiter, and the lines before its header (an Excel `sep=` line). */
export interface CsvRead {
  delimiter: string;
  skipLines: number;
}

function readCsv(t: TableName, header: string[], { delimiter, skipLines }: CsvRead): string {
  const columns = header.map((_, i) => `'c${i}': 'VARCHAR'`).join(", ");
  // A header ending in the delimiter names an empty last column the rows may not have (every row was
  // a "missing columns" reject): rows one field short are padded with it, as null.
  const pad = header.length > 1 && header[header.length - 1]!.trim() === "" ? ", null_padding = true" : "";
  // Excel's `sep=;` line before the header (the reader still counts it in its rejects' line numbers).
  const skip = skipLines > 0 ? `, skip = ${skipLines}` : "";
  return `read_csv({{input}}, encoding = {{encoding}}, header = true, auto_detect = false, columns = {${columns}},
    delim = ${sqlString(delimiter)}, quote = '"', escape = '"', max_line_size = ${CSV_LIMITS.maxLineBytes},
    store_rejects = true, rejects_table = 'rej_${t}', rejects_scan = 'rejscan_${t}'${pad}${skip})`;
}

function sourceSql(t: TableName, res: ColumnResolution, header: string[], read: CsvRead, collapse: boolean): string {
  const cols = TABLES[t].columns.map((c) => c.name);
  const exprs = TABLES[t].columns.map((c) => `${columnExpr(res, c)} AS ${c.name}`).join(",\n    ");
  const drop = `DROP TABLE IF EXISTS rej_${t}; DROP TABLE IF EXISTS rejscan_${t}; DROP TABLE IF EXISTS srcm_${t};`;
  if (!collapse && res.lineNumber) {
    // The file's lines of one parent, numbered in file order; the view keeps file order (a record's
    // number is its row's place, as for any file).
    const parent = TABLES[t].primaryKey[0]!;
    return `${drop}
CREATE OR REPLACE TEMP VIEW src_${t} AS
SELECT * EXCLUDE (_rn) REPLACE (CAST(row_number() OVER (PARTITION BY nz(${parent}) ORDER BY _rn) AS VARCHAR) AS ${res.lineNumber})
FROM (SELECT ${exprs},
    CAST(NULL AS VARCHAR) AS _src, row_number() OVER () AS _rn
  FROM ${readCsv(t, header, read)})
ORDER BY _rn`;
  }
  if (!collapse) {
    const conflict = t === "orders" ? ", CAST(NULL AS VARCHAR) AS _conflict" : "";
    return `${drop}
CREATE OR REPLACE TEMP VIEW src_${t} AS
SELECT ${exprs},
    CAST(NULL AS VARCHAR) AS _src${conflict}
FROM ${readCsv(t, header, read)}`;
  }
  // One row per key from a file with one row per line: each column's non-empty value, and a conflict
  // when the lines of one key disagree on it (a profile never hides a problem). Where they agree, the
  // smallest non-empty value is that value (trimmed, as every rule reads it), and the conflict check's
  // own min() serves: a first-by-line-number per column cost a fifth of the collapse.
  const key = TABLES[t].primaryKey[0]!;
  const mapped = cols.filter((c) => c !== key && (res.indexOf[c] !== undefined || res.defaults[c] !== undefined));
  const agg = cols.map((c) => (c === key ? key : mapped.includes(c) ? `min(nz(${c})) AS ${c}` : `CAST(NULL AS VARCHAR) AS ${c}`)).join(",\n    ");
  const specOf = new Map(TABLES[t].columns.map((c) => [c.name, c]));
  const conflicts = mapped.map((c) => {
    // Two different non-empty values show as min <> max: no per-group distinct sets (count/string_agg
    // DISTINCT made collapsing an order-lines export ≈ 10× slower than reading it).
    return `CASE WHEN ${linesDiffer(specOf.get(c)!, `nz(${c})`)} THEN '${c}|conflict|${c} differs between the lines of this ${key.replace(/_id$/, "")}: ' || left(quote_raw(min(nz(${c}))) || ', ' || quote_raw(max(nz(${c}))), 200) END`;
  });
  // The raw row is not carried through the grouping (a struct of every column per line cost a third of
  // the collapse): the rejects get theirs afterwards, from their first line (rawRows).
  return `${drop}
CREATE OR REPLACE TEMP TABLE srcm_${t} AS
SELECT ${agg},
    ${conflicts.length ? `coalesce(${conflicts.join(",\n      ")})` : "CAST(NULL AS VARCHAR)"} AS _conflict,
    min(_rn) AS _rec, NULL AS _src
FROM (SELECT ${exprs}, row_number() OVER () AS _rn FROM ${readCsv(t, header, read)})
GROUP BY ${key} ORDER BY _rec;
CREATE OR REPLACE TEMP VIEW src_${t} AS SELECT * EXCLUDE (_rec) FROM srcm_${t}`;
}

/**
 * Whether the lines of one key disagree on a column: on its value, not its spelling ("paid" and "PAID",
 * "30" and "30.00", "1.234,5" and "1234,50"). Words are compared lower-cased on every line (a string
 * operation); numbers by their smallest and largest spelling, as every line's number cost ≈ 85 ms of a
 * 290 ms collapse of a scale-1 pt-BR order-lines export (a spelling between two that agree is no
 * number then: "30" < "30,5" < "30.00" in a dot-decimal export). Timestamps by the instant of their
 * extremes ("2025-11-03 10:00:00" and "2025-11-03T10:00:00Z" in a UTC shop); text as written.
 */
function linesDiffer(spec: ColumnSpec, x: string): string {
  switch (spec.type) {
    case "decimal":
    case "integer":
      return `min(${x}) <> max(${x}) AND same_num(min(${x})) <> same_num(max(${x}))`;
    case "enum":
    case "country":
    case "currency":
    case "boolean":
      return `min(lower(${x})) <> max(lower(${x}))`;
    case "timestamp":
      return `min(${x}) <> max(${x}) AND parse_ts(min(${x})) IS DISTINCT FROM parse_ts(max(${x}))`;
    case "string":
      return `min(${x}) <> max(${x})`;
  }
}

/** Rejects get the raw row of their record (a collapsed table's: the key's first line), read again. */
function rawRowsSql(t: TableName, header: string[], read: CsvRead): string {
  const raw = `struct_pack(${uniqueNames(header).map((n, i) => `${ident(n)} := c${i}`).join(", ")})`;
  // The same reader as the first read, so the same lines are records (the reader's rejects go to a scratch table).
  const reader = readCsv(t, header, read).replace(`rejects_table = 'rej_${t}', rejects_scan = 'rejscan_${t}'`, `rejects_table = 'rej2_${t}', rejects_scan = 'rejscan2_${t}'`);
  return `UPDATE rejects_${t} SET raw = to_json(l._src)::VARCHAR
FROM (SELECT ${raw} AS _src, row_number() OVER () AS _rn FROM ${reader}) l
WHERE rejects_${t}.record = l._rn AND rejects_${t}.rule <> 'csv';
DROP TABLE IF EXISTS rej2_${t}; DROP TABLE IF EXISTS rejscan2_${t};`;
}

/** Rows whose text holds a NUL byte get the rule `text` (ids included: every string column of the table). */
function nulRowsSql(t: TableName): string {
  const cols = TABLES[t].columns.filter((c) => c.type === "string").map((c) => c.name);
  const nul = (c: string) => `contains(${ident(c)}, chr(0))`;
  const whens = cols.map((c) => `WHEN ${nul(c)} THEN '${c}|text|${c} holds a NUL byte (0x00), which no text value can'`).join(" ");
  return `UPDATE typed_${t} SET _error = CASE ${whens} END WHERE _error IS NULL AND (${cols.map(nul).join(" OR ")})`;
}

/** How the reject of a quote never closed on its line begins (its lines are counted as rows: `swallowed`). */
const UNCLOSED_QUOTE = "a quote opens a value that is not closed on its line";

function finishSql(t: TableName, res: ColumnResolution, header: string[], fileName: string, batchId: string, skipLines: number): string {
  const headerList = `[${header.map((h) => sqlString(h.trim())).join(", ")}]`;
  // The reader names a column c<i>; a person knows it by the file's header. Its line counts the lines it
  // skipped (an Excel sep= line) too: stored as -(record number + 1), as fillLineNumbers maps it.
  // A quote that opens a value and is never closed on its line runs the following lines into one
  // record (to the end of the file, or to the next stray quote): said in words, and counted as lines.
  const readerRejects = `INSERT INTO rejects_${t}
SELECT ${sqlString(batchId)}, '${t}', ${sqlString(fileName)}, -CAST(min(line) - ${skipLines} AS BIGINT), NULL,
  coalesce(list_extract(${headerList}, TRY_CAST(substr(any_value(column_name), 2) AS INTEGER) + 1), ''),
  'csv',
  CASE WHEN any_value(error_message) LIKE '%unterminated quote%' AND csv_lines(any_value(csv_line)) > 1
    THEN '${UNCLOSED_QUOTE}: the ' || csv_lines(any_value(csv_line)) || ' lines from here are read as one value and quarantined together (close the quote, or double a quote meant as text)'
    ELSE any_value(error_type) || ': ' || any_value(error_message) END,
  to_json({csv_line: any_value(csv_line)})::VARCHAR
FROM rej_${t} GROUP BY line;`;
  const renamed = Object.entries(res.sourceName);
  if (renamed.length === 0) return readerRejects;
  const whens = renamed.map(([col, src]) => `WHEN ${sqlString(col)} THEN ${sqlString(src)}`).join(" ");
  return `${readerRejects}
UPDATE rejects_${t} SET "column" = CASE "column" ${whens} ELSE "column" END WHERE rule <> 'csv';`;
}
