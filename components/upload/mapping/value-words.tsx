"use client";

import { compactControlClass } from "@/components/ui/field";
import { cn } from "@/components/ui/cn";
import { TABLES } from "@/lib/contracts";
import type { TableMapping } from "@/lib/profiles/draft";
import type { Mapping } from "./use-mapping";

/** The shop's own words in enum columns (order status, channel, device, event type) and what each means. */
export function ValueWords({ m, mapping }: { m: Mapping; mapping: TableMapping }) {
  const cols = Object.entries(mapping.values).filter(([, words]) => Object.keys(words).length > 0);
  if (cols.length === 0) return null;
  return (
    <div className="space-y-4">
      {cols.map(([column, words]) => {
        const values = TABLES[mapping.table].columns.find((c) => c.name === column)?.values ?? [];
        return (
          <fieldset key={column} className="rounded-md border border-border p-3">
            <legend className="px-1 text-sm font-medium text-fg">
              Words in <span className="font-mono">{mapping.columns[column] ?? column}</span> → <span className="font-mono">{mapping.table}.{column}</span>
            </legend>
            <ul className="grid gap-x-6 gap-y-2 sm:grid-cols-2" aria-label={`Words of ${mapping.table}.${column}`}>
              {Object.entries(words).map(([word, value]) => (
                <li key={word} className="flex items-center gap-2">
                  <label htmlFor={`w-${mapping.table}-${column}-${word}`} className="min-w-0 flex-1 truncate font-mono text-sm" title={word}>
                    “{word}”
                  </label>
                  <span aria-hidden className="text-muted">→</span>
                  <select
                    id={`w-${mapping.table}-${column}-${word}`}
                    aria-label={`Contract value for “${word}”`}
                    className={cn(compactControlClass, "w-40 shrink-0", value === "" && "border-warning")}
                    value={value}
                    onChange={(e) => m.setWord(mapping.table, column, word, e.target.value)}
                  >
                    <option value="">— choose —</option>
                    {values.map((v) => (
                      <option key={v} value={v}>
                        {v}
                      </option>
                    ))}
                  </select>
                </li>
              ))}
            </ul>
          </fieldset>
        );
      })}
    </div>
  );
}
