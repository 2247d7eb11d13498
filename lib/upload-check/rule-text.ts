import type { ColumnSpec, ParseOptions } from "../contracts";
import { formatInt } from "../format";

/** What a broken rule means, in the words the upload page shows next to the value. */
export function describeRule(col: ColumnSpec, rule: string, opts?: ParseOptions): string {
  switch (rule) {
    case "enum": {
      const vals = col.values ?? [];
      return `is not one of ${vals.slice(0, 6).join(", ")}${vals.length > 6 ? ", …" : ""}`;
    }
    case "range": {
      const max = col.max === "currentYear" ? "this year" : col.max;
      if (col.min !== undefined && max !== undefined) return `is outside ${col.min}..${max}`;
      if (col.min !== undefined) return col.minExclusive ? `must be greater than ${col.min}` : `must be ${col.min} or more`;
      return `must be at most ${max}`;
    }
    case "timestamp":
      return !opts || opts.dateOrder === "YMD"
        ? "is not an ISO 8601 timestamp"
        : `is not a timestamp (ISO 8601, or ${opts.dateOrder === "DMY" ? "day/month/year" : "month/day/year"})`;
    case "decimal":
      return `is not a decimal number (${numberStyle(opts)})`;
    case "integer":
      return "is not a whole number";
    case "required":
      return "is empty but required";
    case "boolean":
      return "is not true/false/1/0/yes/no";
    case "country":
      return "is not an ISO 3166-1 country code (two letters, such as BR or GB)";
    case "currency":
      return "is not an ISO 4217 currency code (such as BRL or EUR)";
    default:
      return `breaks rule ${rule}`;
  }
}

function numberStyle(opts?: ParseOptions): string {
  const decimal = opts?.decimal ?? ".";
  const thousands = opts?.thousands ?? "";
  const t = thousands === "" ? "no thousands separator" : `“${thousands === " " ? "space" : thousands}” between thousands`;
  return `decimal mark “${decimal}”, ${t}`;
}

export function plural(n: number, word: string): string {
  return `${formatInt(n)} ${word}${n === 1 ? "" : "s"}`;
}
