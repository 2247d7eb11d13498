import { TABLES, detectTable, type TableName } from "@/lib/contracts";
import { parseCsv } from "./csv-records";
import { monthOfTimestamp } from "./month-of";

/**
 * A month to pre-fill when the user has not typed one: a `YYYY-MM` in a file name, else the most common
 * month of the fact tables' timestamps in the samples. Null when nothing points anywhere.
 */
export function guessMonth(
  files: readonly { fileName: string; table: TableName | null; text: string | null }[],
  timeZone = "UTC",
): string | null {
  const votes = new Map<string, number>();
  const vote = (m: string | null, weight: number) => {
    if (m && /^\d{4}-(0[1-9]|1[0-2])$/.test(m)) votes.set(m, (votes.get(m) ?? 0) + weight);
  };
  for (const f of files) {
    const named = /(?:^|[^0-9])(\d{4})[-_]?(0[1-9]|1[0-2])(?:[^0-9]|$)/.exec(f.fileName);
    if (named) vote(`${named[1]}-${named[2]}`, 1000);
    if (!f.text) continue;
    const { records } = parseCsv(f.text, { final: false, maxRecords: 201 });
    const header = records[0]?.fields.map((h) => h.replace(/^\uFEFF/, "").trim().toLowerCase()) ?? [];
    const table = f.table ?? detectTable(f.fileName, header);
    const col = table ? TABLES[table].monthColumn : undefined;
    const idx = col ? header.indexOf(col) : -1;
    if (idx < 0) continue;
    for (const r of records.slice(1)) vote(monthOfTimestamp(r.fields[idx] ?? "", timeZone), 1);
  }
  let best: string | null = null;
  let bestVotes = 0;
  for (const [m, n] of votes) {
    if (n > bestVotes) {
      best = m;
      bestVotes = n;
    }
  }
  return best;
}
