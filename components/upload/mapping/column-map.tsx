"use client";

import { Badge } from "@/components/ui/badge";
import { compactControlClass } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { lineNumberColumn, lineParentNoun, TABLES, type TableName } from "@/lib/contracts";
import type { TableMapping } from "@/lib/profiles/draft";
import type { SuggestionReason } from "@/lib/profiles/suggest-columns";
import type { Mapping } from "./use-mapping";

const REASON: Record<SuggestionReason, string> = {
  profile: "from your profile",
  name: "same name",
  synonym: "suggested from the name",
  similar: "similar name — check it",
  values: "suggested from the values — check it",
};

/** Each contract column of a table and the source column it reads (or a default), with sample values. */
export function ColumnMap({ m, mapping }: { m: Mapping; mapping: TableMapping }) {
  const table = mapping.table;
  const spec = TABLES[table];
  const sugg = m.suggestions[table] ?? [];
  // Order lines without a line column are numbered by the run: not a column to map or fill.
  const numbered = lineNumberColumn(table, m.tables.map((t) => t.table).filter((t) => t !== table));
  const samples = (source: string | null) => {
    const i = source === null ? -1 : m.header.findIndex((h) => h.trim() === source);
    if (i < 0) return [];
    return [...new Set(m.rows.map((r) => r[i] ?? "").filter((v) => v.trim() !== ""))].slice(0, 3);
  };
  return (
    <div className="relative overflow-x-auto rounded-md border border-border">
      <table className="w-full text-sm" aria-label={`Columns of ${table}`}>
        <thead className="bg-surface-2/60 text-left text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">Contract column</th>
            <th scope="col" className="px-3 py-2 font-medium">Read from</th>
            <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">Sample values</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-border">
          {spec.columns.map((col) => {
            const source = mapping.columns[col.name] ?? null;
            const s = sugg.find((x) => x.column === col.name);
            const lineNumbered = source === null && col.name === numbered && mapping.defaults[col.name] === undefined;
            const missing = source === null && col.required && !lineNumbered;
            return (
              <tr key={col.name} data-column={col.name} className={cn(missing && "bg-danger-soft/40")}>
                <td className="px-3 py-2 align-top">
                  <span className="font-mono text-fg">{col.name}</span>{" "}
                  {col.required ? <Badge tone={missing ? "danger" : "neutral"}>required</Badge> : null}
                  <p className="mt-0.5 text-xs text-muted">{col.type === "enum" ? (col.values ?? []).join(" · ") : col.type}</p>
                </td>
                <td className="w-64 min-w-56 px-3 py-2 align-top">
                  <label className="sr-only" htmlFor={`src-${table}-${col.name}`}>
                    Source column for {table}.{col.name}
                  </label>
                  <select
                    id={`src-${table}-${col.name}`}
                    className={cn(compactControlClass, "w-full")}
                    value={source ?? ""}
                    onChange={(e) => m.setColumn(table, col.name, e.target.value || null)}
                  >
                    <option value="">— not in the file —</option>
                    {m.header.map((h, i) => (
                      <option key={`${h}-${i}`} value={h.trim()}>
                        {h.trim() || `(column ${i + 1}, no name)`}
                      </option>
                    ))}
                  </select>
                  {source !== null && s?.source === source && s.reason ? <p className="mt-1 text-xs text-muted">{REASON[s.reason]}</p> : null}
                  {lineNumbered ? (
                    <p className="mt-1 text-xs text-muted" data-testid={`line-number-${table}`}>
                      Not in the file: each line is numbered 1, 2, … within its {lineParentNoun(table)}.
                    </p>
                  ) : source === null ? (
                    <DefaultInput m={m} table={table} column={col.name} value={mapping.defaults[col.name] ?? ""} required={Boolean(col.required)} />
                  ) : null}
                </td>
                <td className="hidden max-w-64 px-3 py-2 align-top font-mono text-xs text-muted md:table-cell">
                  {samples(source).map((v) => (
                    <span key={v} className="mr-1.5 inline-block max-w-full truncate rounded bg-surface-2 px-1.5 py-0.5" title={v}>
                      {v}
                    </span>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function DefaultInput({ m, table, column, value, required }: { m: Mapping; table: TableName; column: string; value: string; required: boolean }) {
  return (
    <div className="mt-1.5">
      <label className="sr-only" htmlFor={`def-${table}-${column}`}>
        Default for {table}.{column}
      </label>
      <input
        id={`def-${table}-${column}`}
        className={cn(compactControlClass, "h-8 w-full text-xs")}
        placeholder={required ? "Required: map a column or give a fixed value" : "Optional fixed value (e.g. BRL, BR)"}
        value={value}
        onChange={(e) => m.setDefault(table, column, e.target.value)}
      />
    </div>
  );
}
