import Link from "next/link";
import { HeaderRow, Table, TBody, Td, Tr } from "@/components/ui/table";
import type { RunSummaryDto } from "@/lib/portal/run-types";
import { formatDateTime, formatDuration, shortId } from "@/lib/format";
import { StatusBadge } from "./status-badge";

export function RunsTable({ runs }: { runs: RunSummaryDto[] }) {
  return (
    <Table label="Runs">
      <HeaderRow columns={[{ label: "Status" }, { label: "Month" }, { label: "Batch" }, { label: "Uploaded by", from: "md" }, { label: "Started" }, { label: "Duration", align: "right" }]} />
      <TBody>
        {runs.map((r) => (
          <Tr key={r.id} className="relative">
            <Td>
              <StatusBadge status={r.status} />
            </Td>
            <Td className="font-medium">
              {/* The whole row is the link target; the month is the accessible name. */}
              <Link href={`/runs/${r.id}`} className="after:absolute after:inset-0 hover:text-accent focus-visible:outline-none" aria-label={`Run ${r.month} ${shortId(r.id)} (${r.status})`}>
                {r.month}
              </Link>
            </Td>
            <Td className="font-mono text-xs text-muted">
              {r.batchId}
              {r.trigger !== "manifest" ? <span className="ml-2 rounded bg-surface-2 px-1.5 py-0.5 font-sans">{r.trigger}</span> : null}
            </Td>
            <Td className="hidden text-muted md:table-cell">{r.uploadedBy ?? "—"}</Td>
            <Td className="whitespace-nowrap text-muted">{formatDateTime(r.startedAt)}</Td>
            <Td className="text-right tabular-nums">{formatDuration(r.durationMs)}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
