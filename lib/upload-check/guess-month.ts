import { TABLES, detectTable, isMonth, parseOptionsOf, parseTimestamp, resolveColumns, type SourceProfile, type TableName } from "../contracts";
import type { SampleRead } from "./check-file";
import { monthOf } from "./month-of";

export interface MonthGuessFile {
  fileName: string;
  table: TableName | null;
  read: SampleRead | null;
}

/**
 * A month to pre-fill when the user has not typed one: a `YYYY-MM` in a file name, else the most common
 * month of the fact tables' timestamps in the samples (read through the profile). Null when nothing points anywhere.
 */
export function guessMonth(files: readonly MonthGuessFile[], timeZone = "UTC", profile: SourceProfile | null = null): string | null {
  const votes = new Map<string, number>();
  const vote = (m: string | null, weight: number) => {
    if (m && isMonth(m)) votes.set(m, (votes.get(m) ?? 0) + weight);
  };
  const opts = parseOptionsOf(profile);
  const sourceTz = profile?.timezone ?? timeZone;
  for (const f of files) {
    const named = /(?:^|[^0-9])(\d{4})[-_]?(0[1-9]|1[0-2])(?:[^0-9]|$)/.exec(f.fileName);
    if (named) vote(`${named[1]}-${named[2]}`, 1000);
    if (!f.read?.ok) continue;
    const table = f.table ?? detectTable(f.fileName, f.read.sample.header);
    const col = table ? TABLES[table].monthColumn : undefined;
    const idx = table && col ? resolveColumns(table, f.read.sample.header, profile?.tables?.[table]).indexOf[col] : undefined;
    if (idx === undefined) continue;
    for (const r of f.read.sample.rows.slice(0, 200)) {
      const t = parseTimestamp(r.fields[idx] ?? "", opts);
      vote(t ? monthOf(t, timeZone, sourceTz) : null, 1);
    }
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
