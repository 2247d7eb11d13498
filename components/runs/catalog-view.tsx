import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { HeaderRow, Table, TBody, Td, Tr } from "@/components/ui/table";
import type { CatalogTableDto } from "@/lib/portal/catalog-dto";
import { formatBytes, formatDateTime, formatInt } from "@/lib/format";

/** One catalogued table: partitions (month, rows, files, size) and, folded, its columns and types. */
export function CatalogTableCard({ table }: { table: CatalogTableDto }) {
  const bytes = table.partitions.reduce((n, p) => n + p.bytes, 0);
  const titleId = `cat-${table.layer}-${table.name}`;
  return (
    <Card role="region" aria-labelledby={titleId}>
      <CardHeader
        titleId={titleId}
        title={<span className="font-mono">{table.name}</span>}
        description={`${formatInt(table.rowCount)} rows · ${table.columns.length} columns · ${formatBytes(bytes)} · updated ${formatDateTime(table.updatedAt)}`}
        actions={table.name.startsWith("_rejects") ? <Badge tone="warning">quarantine</Badge> : undefined}
      />
      <Table label={`Partitions of ${table.name}`}>
        <HeaderRow columns={[{ label: "Partition" }, { label: "Rows", align: "right" }, { label: "Files", align: "right" }, { label: "Size", align: "right" }]} />
        <TBody>
          {table.partitions.map((p) => (
            <Tr key={p.month}>
              <Td className="font-mono text-xs">{p.month ? `month=${p.month}` : "(unpartitioned)"}</Td>
              <Td className="text-right tabular-nums">{formatInt(p.rows)}</Td>
              <Td className="text-right tabular-nums">{formatInt(p.files)}</Td>
              <Td className="text-right tabular-nums">{formatBytes(p.bytes)}</Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <details className="border-t border-border px-5 py-3">
        <summary className="cursor-pointer text-sm font-medium text-accent">Columns ({table.columns.length})</summary>
        <ul className="mt-3 grid grid-cols-1 gap-x-6 gap-y-1 text-xs sm:grid-cols-2">
          {table.columns.map((c) => (
            <li key={c.name} className="flex justify-between gap-3 border-b border-border/60 py-1">
              <span className="font-mono text-fg">{c.name}</span>
              <span className="font-mono text-muted">{c.type}</span>
            </li>
          ))}
        </ul>
      </details>
    </Card>
  );
}
