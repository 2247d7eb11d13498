"use client";

import { SelectField } from "@/components/ui/field";
import { TABLE_NAMES, type TableName } from "@/lib/contracts";
import type { Mapping } from "./use-mapping";

/** Which table the file is, and a second one the same rows feed (an order-lines export). */
export function TableFields({ m }: { m: Mapping }) {
  const first = m.tables[0]?.table ?? "";
  const second = m.tables[1]?.table ?? "";
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <SelectField label="This file is the table" value={first} onChange={(e) => m.setTable(0, (e.target.value || null) as TableName | null)}>
        {first === "" ? <option value="">Choose a table…</option> : null}
        {TABLE_NAMES.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="The same rows also feed"
        value={second}
        disabled={first === ""}
        hint="An export with one row per order line holds the orders too: each order is read once."
        onChange={(e) => m.setTable(1, (e.target.value || null) as TableName | null)}
      >
        <option value="">No other table</option>
        {TABLE_NAMES.filter((t) => t !== first).map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </SelectField>
    </div>
  );
}
