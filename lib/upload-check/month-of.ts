/**
 * The business-time-zone month (`YYYY-MM`) a contract timestamp falls in, or null when unreadable.
 * A timestamp without an offset is already business wall-clock time (DATA_CONTRACT.md).
 */
const OFFSET = /(Z| UTC|[+-]\d{2}(:?\d{2})?)$/i;

const monthFormatters = new Map<string, Intl.DateTimeFormat>();

function monthFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = monthFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit" });
    monthFormatters.set(timeZone, f);
  }
  return f;
}

export function monthOfTimestamp(raw: string, timeZone = "UTC"): string | null {
  const v = raw.trim();
  const m = OFFSET.exec(v);
  if (!m) return /^\d{4}-\d{2}/.test(v) ? v.slice(0, 7) : null;
  let iso = v.slice(0, m.index).replace(" ", "T");
  const off = m[1]!;
  if (/^(z| utc)$/i.test(off)) iso += "Z";
  else iso += off.length === 3 ? `${off}:00` : off.length === 5 ? `${off.slice(0, 3)}:${off.slice(3)}` : off;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const parts = monthFormatter(timeZone).formatToParts(new Date(t));
  const year = parts.find((p) => p.type === "year")?.value;
  const month = parts.find((p) => p.type === "month")?.value;
  return year && month ? `${year}-${month}` : null;
}
