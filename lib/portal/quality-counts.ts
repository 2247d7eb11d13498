import type { QualityView } from "../db/quality";

/** The figures every view of a table's quality report shows; each view adds what its page needs. */
export function qualityCounts(q: QualityView) {
  return { table: q.table, status: q.status, rowsIn: q.rowsIn, rowsOut: q.rowsOut, rejected: q.rejected, duplicates: q.duplicates };
}
