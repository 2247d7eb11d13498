import type { FileCheck } from "@/lib/upload-check";
import { formatInt } from "@/lib/format";

/** The rows that break a rule: line, the source's column (and the contract's), the raw text, the rule. */
export function ProblemTable({ check }: { check: FileCheck }) {
  const whole = check.rowsExact && check.rows !== null && check.sampledRows === check.rows;
  return (
    <details className="group mt-3 rounded-md border border-border bg-surface-2/40">
      <summary className="cursor-pointer list-none px-3 py-2 text-sm font-medium text-fg select-none">
        <span className="mr-1 inline-block transition-transform group-open:rotate-90" aria-hidden>
          ›
        </span>
        {whole ? "Problems" : "Sample problems"} ({formatInt(check.problemCount)}
        {check.problemCount > check.problems.length ? `, first ${check.problems.length} shown` : ""})
      </summary>
      <div className="max-h-64 overflow-auto border-t border-border">
        <table className="w-full text-left text-xs" aria-label={`Sample problems in ${check.fileName}`}>
          <thead className="sticky top-0 bg-surface-2 text-muted">
            <tr>
              <th scope="col" className="px-3 py-1.5 font-medium">Line</th>
              <th scope="col" className="px-3 py-1.5 font-medium">Column</th>
              <th scope="col" className="px-3 py-1.5 font-medium">Value</th>
              <th scope="col" className="px-3 py-1.5 font-medium">Problem</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-border">
            {check.problems.map((p, i) => (
              <tr key={i}>
                <td className="px-3 py-1.5 tabular-nums text-muted">{p.line}</td>
                <td className="px-3 py-1.5">
                  <span className="font-mono">{p.source ?? p.column}</span>
                  {p.source !== null && p.source.toLowerCase() !== p.column ? <span className="text-muted"> → {check.alsoTable ? `${p.table}.` : ""}{p.column}</span> : null}
                </td>
                <td className="max-w-48 truncate px-3 py-1.5 font-mono" title={p.mapped ? `${p.value} (read as ${p.mapped})` : p.value}>
                  {p.value === "" ? <span className="text-muted italic">empty</span> : p.value}
                </td>
                <td className="px-3 py-1.5">{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
