"use client";

import { cn } from "@/components/ui/cn";
import type { PreviewTable } from "@/lib/profiles/preview";
import type { FileCheck } from "@/lib/upload-check";
import { formatInt } from "@/lib/format";

/** The first rows as the run will read them, each bad cell marked, then the sample's problems by line. */
export function MappedPreview({ previews, check }: { previews: PreviewTable[]; check: FileCheck | null }) {
  return (
    <div className="space-y-4">
      {previews.map((p) => (
        <div key={p.table} className="relative max-h-80 overflow-auto rounded-md border border-border">
          <table className="w-full text-xs" aria-label={`Preview of ${p.table}`}>
            <thead className="sticky top-0 bg-surface-2 text-left text-muted">
              <tr>
                <th scope="col" className="px-2 py-1.5 font-medium">Line</th>
                {p.columns.map((c) => (
                  <th key={c} scope="col" className="px-2 py-1.5 font-mono font-medium whitespace-nowrap">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {p.rows.map((r) => (
                <tr key={r.line}>
                  <td className="px-2 py-1 tabular-nums text-muted">{r.line}</td>
                  {r.cells.map((c) => (
                    <td
                      key={c.column}
                      className={cn("max-w-48 truncate px-2 py-1 font-mono whitespace-nowrap", c.problem && "bg-danger-soft text-danger")}
                      title={c.problem ? `${c.raw ?? c.value} ${c.problem}` : c.raw ? `read from “${c.raw}”` : c.value}
                      data-problem={c.problem ?? undefined}
                    >
                      {c.value === "" ? <span className="text-muted italic">empty</span> : c.value}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
      {check ? <ProblemSummary check={check} /> : null}
    </div>
  );
}

function ProblemSummary({ check }: { check: FileCheck }) {
  const errors = check.issues.filter((i) => i.level === "error");
  if (errors.length === 0 && check.problemCount === 0) {
    return (
      <p className="text-sm text-success" role="status">
        ✓ The {formatInt(check.sampledRows)} sample rows read cleanly through this mapping.
      </p>
    );
  }
  return (
    <div className="space-y-2 text-sm">
      {errors.map((e, i) => (
        <p key={i} className="text-danger">
          {e.message}
        </p>
      ))}
      {check.problemCount > 0 ? (
        <ul aria-label="Problems with this mapping" className="space-y-1">
          {check.problems.slice(0, 8).map((p, i) => (
            <li key={i} className="text-warning">
              Line {p.line} · <span className="font-mono">{p.source ?? p.column}</span> → {p.table}.{p.column}: “{p.value}” {p.message}
            </li>
          ))}
          {check.problemCount > 8 ? <li className="text-muted">… and {check.problemCount - 8} more in the sample.</li> : null}
        </ul>
      ) : null}
    </div>
  );
}
