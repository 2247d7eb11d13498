import { TABLE_NAMES, type TableName } from "../contracts";
import { isWrongMonth, type FileCheck } from "./file-check";

/** "month": the file can go, but most of its rows are of another month (the page asks to check it). */
export type ChecklistStatus = "ready" | "month" | "blocked" | "missing";

export interface ChecklistItem {
  table: TableName;
  status: ChecklistStatus;
  fileName: string | null;
}

/** The seven tables and whether this batch brings each one (a batch may be a subset; one file may feed two). */
export function tableChecklist(checks: readonly Pick<FileCheck, "table" | "alsoTable" | "blocked" | "fileName" | "sampledRows" | "outsideMonthRows">[]): ChecklistItem[] {
  return TABLE_NAMES.map((table) => {
    const files = checks.filter((c) => c.table === table || c.alsoTable === table);
    const ok = files.find((c) => !c.blocked);
    if (ok) return { table, status: isWrongMonth(ok) ? "month" : "ready", fileName: ok.fileName };
    if (files[0]) return { table, status: "blocked", fileName: files[0].fileName };
    return { table, status: "missing", fileName: null };
  });
}
