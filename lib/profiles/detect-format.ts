import { NUMERIC_DATE, type ParseOptions } from "../contracts";

export interface NumberFormatGuess {
  decimal: ParseOptions["decimal"];
  thousands: ParseOptions["thousands"];
  /** Values that decided it (0: nothing in the sample said; the contract's `.` is kept). */
  evidence: number;
}

const NUMBERISH = /^[+-]?\d[\d.,' \u00A0\u202F]*$/;

/**
 * The decimal mark of a sample's numbers: a value with both `.` and `,` ends with its decimal mark
 * (`1.234,56`); a lone separator followed by other than three digits is a decimal mark (`12,5`,
 * `9.99`); `1,234` alone says nothing. Dates and ids (`2025-11-03`, `00123`) are not numbers here.
 */
export function detectNumberFormat(values: Iterable<string>): NumberFormatGuess {
  let comma = 0;
  let dot = 0;
  const thousands: Record<string, number> = {};
  for (const raw of values) {
    const v = raw.trim();
    if (v.length > 30 || !NUMBERISH.test(v) || NUMERIC_DATE.test(v)) continue;
    const lastDot = v.lastIndexOf(".");
    const lastComma = v.lastIndexOf(",");
    if (lastDot >= 0 && lastComma >= 0) {
      if (lastComma > lastDot) {
        comma++;
        thousands["."] = (thousands["."] ?? 0) + 1;
      } else {
        dot++;
        thousands[","] = (thousands[","] ?? 0) + 1;
      }
      continue;
    }
    const sep = lastComma >= 0 ? "," : lastDot >= 0 ? "." : null;
    const grouped = /\d[ '\u00A0\u202F]\d{3}(\D|$)/.test(v);
    if (grouped) thousands[/'/.test(v) ? "'" : " "] = (thousands[/'/.test(v) ? "'" : " "] ?? 0) + 1;
    if (!sep) continue;
    const after = v.length - (sep === "," ? lastComma : lastDot) - 1;
    const count = v.split(sep).length - 1;
    if (count > 1) {
      // `1.234.567` groups thousands: the other mark is the decimal one.
      thousands[sep] = (thousands[sep] ?? 0) + 1;
      if (sep === ".") comma++;
      else dot++;
    } else if (after !== 3) {
      if (sep === ",") comma++;
      else dot++;
    }
  }
  if (comma === 0 && dot === 0) return { decimal: ".", thousands: "", evidence: 0 };
  const decimal = comma > dot ? "," : ".";
  const candidates = Object.entries(thousands).filter(([t]) => t !== decimal).sort((a, b) => b[1] - a[1]);
  return { decimal, thousands: (candidates[0]?.[0] ?? "") as ParseOptions["thousands"], evidence: Math.max(comma, dot) };
}

/**
 * The order of numeric dates (`25/11/2025`): a first part above 12 means day first, a second part
 * above 12 month first. Null when the sample has no such dates; `ambiguous` when none decides
 * (then day first, as most of the world writes it, is only a guess the user should confirm).
 */
export function detectDateOrder(values: Iterable<string>): { order: "DMY" | "MDY"; ambiguous: boolean } | null {
  let seen = 0;
  let dayFirst = 0;
  let monthFirst = 0;
  for (const raw of values) {
    const m = NUMERIC_DATE.exec(raw.trim());
    if (!m) continue;
    seen++;
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) dayFirst++;
    else if (b > 12 && a <= 12) monthFirst++;
  }
  if (seen === 0) return null;
  if (dayFirst === 0 && monthFirst === 0) return { order: "DMY", ambiguous: true };
  return { order: monthFirst > dayFirst ? "MDY" : "DMY", ambiguous: false };
}
