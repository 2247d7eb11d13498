import { TABLES, checkValue, collapsesLines, mappedValue, parseOptionsOf, resolveColumns, type SourceProfile, type TableName } from "../contracts";
import type { CsvRecord } from "../upload-check/csv-reader";
import { describeRule } from "../upload-check/rule-text";

export interface PreviewCell {
  column: string;
  /** The text the run reads (the source's word mapped, a default filled). */
  value: string;
  /** The source's raw text, when it differs. */
  raw: string | null;
  problem: string | null;
}

export interface PreviewTable {
  table: TableName;
  columns: string[];
  rows: { line: number; cells: PreviewCell[] }[];
}

/**
 * The first rows of a file as a table of the contract, read through a profile, each cell with its problem.
 * `alsoFeeds`: the other tables the same file feeds (an order-lines file's lines may be numbered per order).
 */
export function previewTable(table: TableName, header: readonly string[], rows: readonly CsvRecord[], profile: SourceProfile, alsoFeeds: readonly TableName[] = [], n = 8): PreviewTable {
  const spec = TABLES[table];
  const res = resolveColumns(table, header, profile.tables?.[table], alsoFeeds);
  const parentIndex = res.indexOf[spec.primaryKey[0]!];
  // One row per key from a file of lines: the run takes each column from whichever line has it.
  const collapsed = collapsesLines(table, alsoFeeds);
  const linesOf = new Map<string, number>();
  const opts = parseOptionsOf(profile);
  const shown = spec.columns.filter((c) => res.indexOf[c.name] !== undefined || res.defaults[c.name] !== undefined || c.required);
  return {
    table,
    columns: shown.map((c) => c.name),
    rows: rows.slice(0, n).map((r) => ({
      line: r.line,
      cells: shown.map((col) => {
        if (col.name === res.lineNumber) {
          // As the run numbers them: the line's place among its parent's lines so far.
          const parent = (parentIndex === undefined ? "" : r.fields[parentIndex] ?? "").trim();
          const k = (linesOf.get(parent) ?? 0) + 1;
          linesOf.set(parent, k);
          return { column: col.name, value: String(k), raw: null, problem: null };
        }
        const i = res.indexOf[col.name];
        const raw = i === undefined ? undefined : r.fields[i];
        const value = mappedValue(res, col.name, raw);
        if (collapsed && !spec.primaryKey.includes(col.name) && value.trim() === "") return { column: col.name, value: "", raw: null, problem: null };
        const checked = checkValue(col, value, undefined, opts);
        return {
          column: col.name,
          value: checked.ok ? (checked.value ?? "") : value,
          raw: raw !== undefined && raw !== value ? raw : null,
          problem: checked.ok ? null : describeRule(col, checked.rule, opts),
        };
      }),
    })),
  };
}
