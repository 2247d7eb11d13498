import { countryCode, currencyCode } from "./iso-codes";
import type { ColumnSpec } from "./types";

/** Enumerations are matched case-insensitively, trimmed, with spaces and `-` read as `_`. */
export function normalizeEnum(raw: string): string {
  return raw.trim().toLowerCase().replace(/[\s-]+/g, "_");
}

/** How a source writes numbers and dates (DATA_CONTRACT.md "Source profiles"); the contract's own is the default. */
export interface ParseOptions {
  decimal: "." | ",";
  /** "" = no thousands separator; " " also reads the no-break spaces that spreadsheets write. */
  thousands: "" | "," | "." | " " | "'";
  dateOrder: "YMD" | "DMY" | "MDY";
}

export const CONTRACT_PARSE: ParseOptions = { decimal: ".", thousands: "", dateOrder: "YMD" };

/** Offsets the contract accepts: `Z`, `±hh`, `±hh:mm`, `±hhmm`, ` UTC`, and ` ±hhmm` / ` ±hh:mm` after a space. */
const OFFSET = String.raw`(Z|[+-]\d{2}(?::?\d{2})?| [+-]\d{2}:?\d{2}| UTC)`;
/** ISO 8601 spellings; the time part is optional (a date alone is local midnight). */
export const ISO_TIMESTAMP = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?${OFFSET}?)?$`, "i");
/** Day-first or month-first dates of a profile (`25/11/2025 14:10[:20]`, `/`, `.` or `-` between the parts); no offset. */
export const NUMERIC_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Kept for callers that test the contract's default spelling only. */
export const TIMESTAMP_PATTERN = ISO_TIMESTAMP;
export const DECIMAL_PATTERN = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
export const INTEGER_PATTERN = /^[+-]?\d+$/;
export const BOOLEAN_VALUES: Readonly<Record<string, boolean>> = { true: true, false: false, "1": true, "0": false, yes: true, no: false };

export interface ParsedTimestamp {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes east of UTC when the value names an offset; null = the source's (or business) time zone. */
  offsetMinutes: number | null;
}

/** Reads a timestamp the way job 1 does; null when it is not one (or names a day that does not exist). */
export function parseTimestamp(raw: string, opts: ParseOptions = CONTRACT_PARSE): ParsedTimestamp | null {
  const v = raw.trim();
  let t: ParsedTimestamp | null = null;
  const iso = ISO_TIMESTAMP.exec(v);
  if (iso) {
    t = { year: +iso[1]!, month: +iso[2]!, day: +iso[3]!, hour: +(iso[4] ?? 0), minute: +(iso[5] ?? 0), second: +(iso[6] ?? 0), offsetMinutes: offsetOf(iso[7]) };
  } else if (opts.dateOrder !== "YMD") {
    const m = NUMERIC_DATE.exec(v);
    if (m) {
      const [a, b] = [+m[1]!, +m[2]!];
      const [day, month] = opts.dateOrder === "DMY" ? [a, b] : [b, a];
      t = { year: +m[3]!, month, day, hour: +(m[4] ?? 0), minute: +(m[5] ?? 0), second: +(m[6] ?? 0), offsetMinutes: null };
    }
  }
  if (!t) return null;
  const daysInMonth = new Date(Date.UTC(t.year, t.month, 0)).getUTCDate();
  const real = t.month >= 1 && t.month <= 12 && t.day >= 1 && t.day <= daysInMonth && t.hour <= 23 && t.minute <= 59 && t.second <= 59;
  return real ? t : null;
}

function offsetOf(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const o = raw.trim().toUpperCase();
  if (o === "Z" || o === "UTC") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(o);
  if (!m) return null;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/** Digits before the decimal mark that a decimal value may have: the facts are DECIMAL(18, 4). */
export const DECIMAL_INTEGER_DIGITS = 14;
const integerDigits = (text: string) => text.replace(/^[+-]/, "").split(".")[0]!.replace(/^0+/, "").length;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The spaces a "thousands: ' '" profile means: the space, and the no-break ones Excel and French locales write. */
export const THOUSANDS_SPACE_CHARS = [" ", "\u00A0", "\u202F"] as const;
// The characters themselves, not \u escapes: the same source is a JavaScript and a DuckDB (RE2) pattern,
// and RE2 has no \u escape.
export const THOUSANDS_SPACES = `[${THOUSANDS_SPACE_CHARS.join("")}]`;

/** The number patterns of a profile, as regular expression sources (the SQL macros get the same text). */
export function numberPatterns(opts: ParseOptions): { decimal: string; integer: string } {
  const t = opts.thousands === "" ? null : opts.thousands === " " ? THOUSANDS_SPACES : escapeRe(opts.thousands);
  const d = escapeRe(opts.decimal);
  const digits = t ? String.raw`(\d+|\d{1,3}(${t}\d{3})+)` : String.raw`\d+`;
  return {
    decimal: String.raw`[+-]?(${digits}(${d}\d*)?|${d}\d+)`,
    integer: String.raw`[+-]?${digits}`,
  };
}

const patternCache = new Map<string, { decimal: RegExp; integer: RegExp }>();
function patternsFor(opts: ParseOptions) {
  const key = `${opts.decimal}|${opts.thousands}`;
  let p = patternCache.get(key);
  if (!p) {
    const src = numberPatterns(opts);
    p = { decimal: new RegExp(`^${src.decimal}$`), integer: new RegExp(`^${src.integer}$`) };
    patternCache.set(key, p);
  }
  return p;
}

/** A number of the source as the contract writes it (`1.234,5` → `1234.5`), or null when it is not one. */
export function parseNumber(raw: string, kind: "decimal" | "integer", opts: ParseOptions = CONTRACT_PARSE): string | null {
  const v = raw.trim();
  if (!patternsFor(opts)[kind].test(v)) return null;
  let out = opts.thousands === "" ? v : v.replace(opts.thousands === " " ? new RegExp(THOUSANDS_SPACES, "g") : new RegExp(escapeRe(opts.thousands), "g"), "");
  if (opts.decimal !== ".") out = out.replace(opts.decimal, ".");
  return out;
}

export type ValueCheck = { ok: true; value: string | null } | { ok: false; rule: string };

/**
 * Checks one raw field against its column. The browser's pre-upload check and the tests use it;
 * the jobs apply the same rules in SQL (lib/pipeline/sql), checked against this in tests.
 */
export function checkValue(col: ColumnSpec, raw: string | undefined, currentYear = new Date().getUTCFullYear(), opts: ParseOptions = CONTRACT_PARSE): ValueCheck {
  const v = (raw ?? "").trim();
  if (v === "") {
    if (col.default !== undefined) return { ok: true, value: col.default };
    return col.required ? { ok: false, rule: "required" } : { ok: true, value: null };
  }
  switch (col.type) {
    case "string":
      return { ok: true, value: v };
    case "timestamp":
      return parseTimestamp(v, opts) ? { ok: true, value: v } : { ok: false, rule: "timestamp" };
    case "decimal":
    case "integer": {
      const text = parseNumber(v, col.type, opts);
      if (text === null) return { ok: false, rule: col.type };
      // What the facts' DECIMAL(18, 4) holds (job 1's SQL says the same).
      if (col.type === "decimal" && integerDigits(text) > DECIMAL_INTEGER_DIGITS) return { ok: false, rule: "range" };
      const n = Number(text);
      const max = col.max === "currentYear" ? currentYear : col.max;
      if (col.min !== undefined && (col.minExclusive ? n <= col.min : n < col.min)) return { ok: false, rule: "range" };
      if (max !== undefined && n > max) return { ok: false, rule: "range" };
      return { ok: true, value: text };
    }
    case "boolean":
      return v.toLowerCase() in BOOLEAN_VALUES ? { ok: true, value: String(BOOLEAN_VALUES[v.toLowerCase()]) } : { ok: false, rule: "boolean" };
    case "enum": {
      const n = normalizeEnum(v);
      const canonical = col.aliases?.[n] ?? n;
      return col.values?.includes(canonical) ? { ok: true, value: canonical } : { ok: false, rule: "enum" };
    }
    case "country": {
      const code = countryCode(v);
      return code ? { ok: true, value: code } : { ok: false, rule: "country" };
    }
    case "currency": {
      const code = currencyCode(v);
      return code ? { ok: true, value: code } : { ok: false, rule: "currency" };
    }
  }
}
