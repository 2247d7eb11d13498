import { TABLE_NAMES, type TableName } from "../contracts";
import type { FileCheck } from "./file-check";

export type ChecklistStatus = "ready" | "blocked" | "missing";

export interface ChecklistItem {
  table: TableName;
  status: ChecklistStatus;
  fileName: string | null;
}

/** The seven tables and whether this batch brings each one (a batch may be a subset; one file may feed two). */
export function tableChecklist(checks: readonly Pick<FileCheck, "table" | "alsoTable" | "blocked" | "fileName">[]): ChecklistItem[] {
  return TABLE_NAMES.map((table) => {
    const files = checks.filter((c) => c.table === table || c.alsoTable === table);
    const ok = files.find((c) => !c.blocked);
    if (ok) return { table, status: "ready", fileName: ok.fileName };
    if (files[0]) return { table, status: "blocked", fileName: files[0].fileName };
    return { table, status: "missing", fileName: null };
  });
}
