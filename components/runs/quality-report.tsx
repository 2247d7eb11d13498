import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { DownloadIcon } from "@/components/ui/icons";
import { HeaderRow, Table, TBody, Td, Tr } from "@/components/ui/table";
import type { QualityDto } from "@/lib/portal/run-types";
import { formatInt } from "@/lib/format";

const TONE: Record<string, "success" | "warning" | "danger" | "neutral"> = {
  ok: "success",
  passed: "success",
  succeeded: "success",
  warning: "warning",
  warnings: "warning",
  partial: "warning",
  failed: "danger",
  error: "danger",
};

/** Per table: rows in / out / rejected / duplicates / orphans, top reasons, rejected rows as CSV. */
export function QualityReport({ runId, quality, running }: { runId: string; quality: QualityDto[]; running: boolean }) {
  if (quality.length === 0) {
    return (
      <EmptyState
        title={running ? "Checking the files…" : "No quality report for this run"}
        description={
          running
            ? "The report appears when Job 1 has read and checked each table."
            : "Job 1 did not get far enough to check the tables. Open the failed step's log above to see why, then retry."
        }
      />
    );
  }
  return (
    <Table label="Data quality by table">
      <HeaderRow columns={[{ label: "Table" }, ...["Rows in", "Rows out", "Rejected", "Duplicates", "Orphans"].map((label) => ({ label, align: "right" as const })), { label: "Top reject reasons" }, { label: "Download", srOnly: true }]} />
      <TBody>
        {quality.map((q) => (
          <Tr key={q.table}>
            <Td>
              <div className="font-medium text-fg">{q.table}</div>
              <Badge tone={TONE[q.status] ?? "neutral"} className="mt-1">
                {q.status}
              </Badge>
            </Td>
            <Td className="text-right tabular-nums">{formatInt(q.rowsIn)}</Td>
            <Td className="text-right tabular-nums">{formatInt(q.rowsOut)}</Td>
            <Td className={q.rejected > 0 ? "text-right font-medium text-danger tabular-nums" : "text-right tabular-nums text-muted"}>{formatInt(q.rejected)}</Td>
            <Td className={q.duplicates > 0 ? "text-right text-warning tabular-nums" : "text-right tabular-nums text-muted"}>{formatInt(q.duplicates)}</Td>
            <Td className={q.orphans > 0 ? "text-right text-warning tabular-nums" : "text-right tabular-nums text-muted"}>{formatInt(q.orphans)}</Td>
            <Td className="min-w-56 text-xs">
              {q.error ? <p className="mb-1 text-danger">{q.error}</p> : null}
              {q.topReasons.length ? (
                <ul className="space-y-0.5">
                  {q.topReasons.slice(0, 3).map((r) => (
                    <li key={r.reason} className="flex justify-between gap-3">
                      <span className="text-fg">{r.reason}</span>
                      <span className="tabular-nums text-muted">{formatInt(r.count)}</span>
                    </li>
                  ))}
                </ul>
              ) : q.error ? null : (
                <span className="text-muted">—</span>
              )}
              {q.warnings.length ? <p className="mt-1 text-warning">{q.warnings.join(" · ")}</p> : null}
            </Td>
            <Td className="text-right">
              {q.rejected > 0 ? (
                <a
                  href={`/api/runs/${runId}/rejects?table=${encodeURIComponent(q.table)}`}
                  className={buttonClass("secondary", "sm")}
                  aria-label={`Download rejected rows of ${q.table}`}
                  download
                >
                  <DownloadIcon className="size-4" />
                  Rejected CSV
                </a>
              ) : null}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
