import type { ColumnSpec } from "./types";

/** Enumerations are matched case-insensitively, trimmed, with spaces and `-` read as `_`. */
export function normalizeEnum(raw: string): string {
  return raw.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

/** ISO 8601 spellings the contract accepts; no offset = business time zone. */
export const TIMESTAMP_PATTERN =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?| UTC)?$/i;
export const DECIMAL_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
export const INTEGER_PATTERN = /^[+-]?\d+$/;
export const BOOLEAN_VALUES: Readonly<Record<string, boolean>> = { true: true, false: false, "1": true, "0": false, yes: true, no: false };

export type ValueCheck = { ok: true; value: string | null } | { ok: false; rule: string };

/**
 * Checks one raw field against its column. The browser's pre-upload check and the tests use it;
 * the jobs apply the same rules in SQL (lib/pipeline/sql), checked against this in tests.
 */
export function checkValue(col: ColumnSpec, raw: string | undefined, currentYear = new Date().getUTCFullYear()): ValueCheck {
  const v = (raw ?? "").trim();
  if (v === "") {
    if (col.default !== undefined) return { ok: true, value: col.default };
    return col.required ? { ok: false, rule: "required" } : { ok: true, value: null };
  }
  switch (col.type) {
    case "string":
      return { ok: true, value: v };
    case "timestamp": {
      return TIMESTAMP_PATTERN.test(v) && isRealDateTime(v) ? { ok: true, value: v } : { ok: false, rule: "timestamp" };
    }
    case "decimal":
    case "integer": {
      const pattern = col.type === "decimal" ? DECIMAL_PATTERN : INTEGER_PATTERN;
      if (!pattern.test(v)) return { ok: false, rule: col.type };
      const n = Number(v);
      const max = col.max === "currentYear" ? currentYear : col.max;
      if (col.min !== undefined && (col.minExclusive ? n <= col.min : n < col.min)) return { ok: false, rule: "range" };
      if (max !== undefined && n > max) return { ok: false, rule: "range" };
      return { ok: true, value: v };
    }
    case "boolean":
      return v.toLowerCase() in BOOLEAN_VALUES ? { ok: true, value: String(BOOLEAN_VALUES[v.toLowerCase()]) } : { ok: false, rule: "boolean" };
    case "enum": {
      const n = normalizeEnum(v);
      const canonical = col.aliases?.[n] ?? n;
      return col.values?.includes(canonical) ? { ok: true, value: canonical } : { ok: false, rule: "enum" };
    }
    case "country":
      return /^[A-Za-z]{2}$/.test(v) ? { ok: true, value: v.toUpperCase() } : { ok: false, rule: "country" };
    case "currency":
      return /^[A-Za-z]{3}$/.test(v) ? { ok: true, value: v.toUpperCase() } : { ok: false, rule: "currency" };
  }
}

/** The calendar fields exist (Date.parse would roll 2025-02-30 over to March). */
function isRealDateTime(v: string): boolean {
  const [y, mo, d, h, mi, sec] = [v.slice(0, 4), v.slice(5, 7), v.slice(8, 10), v.slice(11, 13), v.slice(14, 16), v.slice(17, 19)].map(Number) as number[];
  const daysInMonth = new Date(Date.UTC(y!, mo!, 0)).getUTCDate();
  return mo! >= 1 && mo! <= 12 && d! >= 1 && d! <= daysInMonth && h! <= 23 && mi! <= 59 && (Number.isNaN(sec) || sec! <= 59);
}
