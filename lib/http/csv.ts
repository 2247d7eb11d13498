/**
 * CSV for download, safe to open in a spreadsheet. Text that begins with = + - @ tab or carriage
 * return is read as a formula by Excel, LibreOffice and Google Sheets (OWASP "CSV injection"), so such
 * a cell is prefixed with a single quote and quoted. Numbers the app computed stay numbers.
 */
export type CsvValue = string | number | bigint | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean") return String(v);
  const s = FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) || s !== v ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Header and rows, CRLF line ends (RFC 4180), a final line end. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[], eol = "\r\n"): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join(eol) + eol;
}
