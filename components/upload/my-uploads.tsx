import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { formatBytes } from "@/lib/format";
import type { BatchView } from "@/lib/portal/upload-types";
import { RunStatusBadge } from "./run-status";
import { formatDayTime, formatDuration, monthLabel } from "@/lib/format";

/**
 * Earlier batches of this user, newest first, each with its latest run. An upload left open (its tab
 * closed or reloaded mid-way), other than the one this page is sending, can be discarded.
 */
export function MyUploads({ batches, current, onDiscard }: { batches: BatchView[]; current: string | null; onDiscard: (batchId: string) => Promise<void> }) {
  return (
    <section aria-labelledby="my-uploads-title" className="rounded-lg border border-border bg-surface shadow-sm">
      <div className="border-b border-border px-5 py-4">
        <h2 id="my-uploads-title" className="text-base font-semibold text-fg">
          My uploads
        </h2>
        <p className="mt-0.5 text-sm text-muted">Each upload is one batch; its run loads it into the lake.</p>
      </div>
      {batches.length === 0 ? (
        <EmptyState
          title="No uploads yet"
          description="Drop a month of CSV files above to send your first batch — or download the sample month and try it out."
        />
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label="My uploads">
            <thead className="border-b border-border bg-surface-2/60 text-xs tracking-wide text-muted uppercase">
              <tr>
                <th scope="col" className="px-5 py-2.5 font-medium">Month</th>
                <th scope="col" className="px-5 py-2.5 font-medium">Tables</th>
                <th scope="col" className="px-5 py-2.5 font-medium">Uploaded</th>
                <th scope="col" className="px-5 py-2.5 font-medium">Run</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {batches.map((b) => {
                const run = b.runs[0];
                const bytes = b.files.reduce((s, f) => s + f.size, 0);
                return (
                  <tr key={b.id} data-batch={b.id} className="hover:bg-surface-2/50">
                    <td className="px-5 py-3 whitespace-nowrap">
                      <p className="font-medium text-fg">{monthLabel(b.month)}</p>
                      <p className="text-xs text-muted">
                        {b.files.length} {b.files.length === 1 ? "file" : "files"} · {formatBytes(bytes)}
                      </p>
                    </td>
                    <td className="px-5 py-3">
                      <div className="flex max-w-sm flex-wrap gap-1">
                        {b.files.map((f) => (
                          <span key={f.table} className="rounded bg-surface-2 px-1.5 py-0.5 font-mono text-[11px] text-muted" title={f.fileName}>
                            {f.alsoTable ? `${f.table} + ${f.alsoTable}` : f.table}
                          </span>
                        ))}
                      </div>
                    </td>
                    <td className="px-5 py-3 whitespace-nowrap text-muted">
                      <time dateTime={b.createdAt} suppressHydrationWarning>
                        {formatDayTime(b.createdAt)}
                      </time>
                    </td>
                    <td className="px-5 py-3 whitespace-nowrap">
                      {run ? (
                        <div className="flex items-center gap-3">
                          <RunStatusBadge status={run.status} />
                          <Link href={`/runs/${run.id}`} className="text-sm font-medium text-accent hover:underline">
                            View run<span className="sr-only"> for {b.month}</span>
                          </Link>
                          {run.durationMs !== null ? <span className="text-xs text-muted">{formatDuration(run.durationMs)}</span> : null}
                        </div>
                      ) : (
                        <div className="flex items-center gap-3">
                          <Badge tone="neutral">{b.status === "cancelled" ? "Cancelled" : "Not completed"}</Badge>
                          {b.status === "uploading" && b.id !== current ? (
                            <Button size="sm" variant="ghost" onClick={() => void onDiscard(b.id)}>
                              Discard<span className="sr-only"> the {b.month} upload</span>
                            </Button>
                          ) : null}
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
