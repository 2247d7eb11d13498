import type { TableName } from "../contracts";
import { finish, type FileCheck } from "./file-check";

const tablesOf = (c: Pick<FileCheck, "table" | "alsoTable">): TableName[] => [c.table, c.alsoTable].filter((t): t is TableName => t !== null);

/** Adds batch-level errors: two files for the same table (or one file's second table) cannot go in one batch. */
export function withBatchIssues(checks: readonly FileCheck[]): FileCheck[] {
  const owner = new Map<TableName, number>();
  return checks.map((c, i) => {
    const clash = tablesOf(c).find((t) => owner.has(t));
    if (clash === undefined) {
      if (!c.blocked) for (const t of tablesOf(c)) owner.set(t, i);
      return c;
    }
    return finish({
      ...c,
      issues: [
        { level: "error", code: "duplicate_table", message: `${checks[owner.get(clash)!]!.fileName} is already the ${clash} file of this batch. Remove one or choose another table.` },
        ...c.issues.filter((x) => x.code !== "duplicate_table"),
      ],
    });
  });
}

export { tablesOf };
