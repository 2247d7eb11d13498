import {
  TABLES,
  checkValue,
  mappedValue,
  parseTimestamp,
  type ColumnResolution,
  type ColumnSpec,
  type ParseOptions,
  type TableName,
} from "../contracts";
import type { CsvRecord } from "./csv-reader";
import { describeRule } from "./rule-text";
import { instantOf, monthOf } from "./month-of";

export interface SampleProblem {
  /** Physical line in the file (the header is line 1). */
  line: number;
  table: TableName;
  /** The contract column. */
  column: string;
  /** The source's own header for that column (null: the column is missing and a default or null was used). */
  source: string | null;
  /** The raw text of the field as the file has it. */
  value: string;
  /** The text the rules read, when a profile word or default changed it. */
  mapped?: string;
  rule: string;
  message: string;
}

/** One table a file is read as, through a profile (or the contract's own names). */
export interface TablePlan {
  table: TableName;
  resolution: ColumnResolution;
  /**
   * One row per key from a file of lines (orders from order lines): the run takes each column from
   * whichever line of the order has it, so an empty field on one line is no problem of its own.
   */
  collapsed?: boolean;
}

export interface RowCheckOptions {
  parse: ParseOptions;
  /** Batch month: fact rows outside it would be quarantined. */
  month: string | null;
  businessTimeZone: string;
  /** Zone of timestamps without an offset (a profile's `timezone`, else the business zone). */
  sourceTimeZone: string;
  currentYear?: number;
  maxProblems: number;
}

export interface RowCheckResult {
  checkedRows: number;
  problems: SampleProblem[];
  problemCount: number;
  rowsWithProblems: number;
  typeErrorRows: number;
  outsideMonth: number;
  fieldCountRows: number;
  firstFieldCountLine: number;
  /** Problems counted by table, rule and column, most frequent first (what the run will report). */
  reasons: { table: TableName; rule: string; column: string; count: number }[];
}

/**
 * The rules job 1 applies to each row, through a profile: the source's column read for each contract
 * column, its words mapped and its defaults filled (`mappedValue`), then `checkValue` with the profile's
 * number and date conventions, `notBefore`, and the batch month in the business time zone.
 */
export class RowChecker {
  private readonly r: RowCheckResult = {
    checkedRows: 0,
    problems: [],
    problemCount: 0,
    rowsWithProblems: 0,
    typeErrorRows: 0,
    outsideMonth: 0,
    fieldCountRows: 0,
    firstFieldCountLine: 0,
    reasons: [],
  };
  private readonly reasonCounts = new Map<string, { table: TableName; rule: string; column: string; count: number }>();

  private readonly compiled: CompiledPlan[];

  constructor(
    plans: readonly TablePlan[],
    private readonly header: readonly string[],
    private readonly opts: RowCheckOptions,
  ) {
    this.compiled = plans.map(compile);
  }

  add(rec: CsvRecord): void {
    const r = this.r;
    r.checkedRows++;
    if (rec.fields.length !== this.header.length) {
      r.fieldCountRows++;
      r.firstFieldCountLine ||= rec.line;
    }
    let typeBad = false;
    let monthBad = false;
    for (const plan of this.compiled) {
      const out = this.checkTable(plan, rec);
      typeBad ||= out.typeBad;
      monthBad ||= out.monthBad;
    }
    if (typeBad) r.typeErrorRows++;
    if (monthBad) r.outsideMonth++;
    if (typeBad || monthBad) r.rowsWithProblems++;
  }

  result(): RowCheckResult {
    return { ...this.r, reasons: [...this.reasonCounts.values()].sort((a, b) => b.count - a.count) };
  }

  private checkTable(plan: CompiledPlan, rec: CsvRecord): { typeBad: boolean; monthBad: boolean } {
    const res = plan.plan.resolution;
    const kept: Record<string, string | null> = {};
    let typeBad = false;
    for (const c of plan.columns) {
      const raw = c.index === undefined ? undefined : rec.fields[c.index];
      const text = c.mapped ? mappedValue(res, c.col.name, raw) : (raw ?? "");
      if (plan.collapsed && !c.key && text.trim() === "") continue;
      const checked = checkValue(c.col, text, this.opts.currentYear, this.opts.parse);
      if (!checked.ok) {
        typeBad = true;
        this.note(plan.plan, c.col, rec.line, raw, text, checked.rule, describeRule(c.col, checked.rule, this.opts.parse));
        continue;
      }
      if (c.keep) kept[c.col.name] = checked.value;
    }
    for (const [col, other] of plan.notBefore) {
      const v = kept[col.name];
      const w = kept[other];
      if (!v || !w) continue;
      const tv = parseTimestamp(v, this.opts.parse);
      const tw = parseTimestamp(w, this.opts.parse);
      if (tv && tw && instantOf(tv, this.opts.sourceTimeZone) < instantOf(tw, this.opts.sourceTimeZone)) {
        typeBad = true;
        const idx = res.indexOf[col.name];
        this.note(plan.plan, col, rec.line, idx === undefined ? undefined : rec.fields[idx], v, "order", `is before ${other}`);
      }
    }
    let monthBad = false;
    const monthCol = plan.monthColumn;
    const v = monthCol ? kept[monthCol.name] : null;
    if (this.opts.month && monthCol && v) {
      const t = parseTimestamp(v, this.opts.parse);
      const m = t ? monthOf(t, this.opts.businessTimeZone, this.opts.sourceTimeZone) : null;
      if (m && m !== this.opts.month) {
        monthBad = true;
        const idx = res.indexOf[monthCol.name];
        this.note(plan.plan, monthCol, rec.line, idx === undefined ? undefined : rec.fields[idx], v, "month", `is in ${m}, not in ${this.opts.month}`);
      }
    }
    return { typeBad, monthBad };
  }

  private note(plan: TablePlan, col: ColumnSpec, line: number, raw: string | undefined, text: string, rule: string, message: string): void {
    const r = this.r;
    r.problemCount++;
    const key = `${plan.table}|${rule}|${col.name}`;
    const c = this.reasonCounts.get(key);
    if (c) c.count++;
    else this.reasonCounts.set(key, { table: plan.table, rule, column: col.name, count: 1 });
    if (r.problems.length >= this.opts.maxProblems) return;
    const idx = plan.resolution.indexOf[col.name];
    const value = raw ?? "";
    r.problems.push({
      line,
      table: plan.table,
      column: col.name,
      source: idx === undefined ? null : (this.header[idx]?.trim() ?? null),
      value,
      ...(text !== value ? { mapped: text } : {}),
      rule,
      message,
    });
  }
}

interface CompiledPlan {
  plan: TablePlan;
  /** The columns a row can break: a free, optional text column without a default never does. */
  columns: { col: ColumnSpec; index: number | undefined; mapped: boolean; keep: boolean; key: boolean }[];
  collapsed: boolean;
  notBefore: [ColumnSpec, string][];
  monthColumn: ColumnSpec | undefined;
}

/** Per table, once: where each column is read from and which values the row rules need later. */
function compile(plan: TablePlan): CompiledPlan {
  const spec = TABLES[plan.table];
  const res = plan.resolution;
  const notBefore = spec.columns.filter((c) => c.notBefore).map((c): [ColumnSpec, string] => [c, c.notBefore!]);
  const needed = new Set([...notBefore.flatMap(([c, o]) => [c.name, o]), ...(spec.monthColumn ? [spec.monthColumn] : [])]);
  return {
    plan,
    columns: spec.columns
      // A line number the run gives each line is never empty.
      .filter((c) => c.name !== res.lineNumber)
      .filter((c) => c.type !== "string" || c.required || c.default !== undefined || res.defaults[c.name] !== undefined)
      .map((c) => ({
        col: c,
        index: res.indexOf[c.name],
        mapped: res.values[c.name] !== undefined || res.defaults[c.name] !== undefined,
        keep: needed.has(c.name),
        key: spec.primaryKey.includes(c.name),
      })),
    collapsed: plan.collapsed ?? false,
    notBefore,
    monthColumn: spec.columns.find((c) => c.name === spec.monthColumn),
  };
}
