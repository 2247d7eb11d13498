"use client";

import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { DownloadIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { HeaderRow, Table, TBody, Td, Tr } from "@/components/ui/table";
import { RUN_STEPS, runProgress, stepTitle } from "@/lib/portal/run-steps";
import type { BatchView, RunView } from "@/lib/portal/upload-types";
import { formatDuration, formatInt } from "@/lib/format";
import { isFinishedRun } from "@/lib/contracts/status";
import { runStatusText, runStatusTone } from "./run-status";
import { apiJson } from "./transfer";

const POLL_MS = 1500;


/** Follows the run a completed upload started, live, until it ends; then shows what each table gave. */
export function RunPanel({ batchId, runId, onFinished }: { batchId: string; runId: string; onFinished?: (run: RunView) => void }) {
  const [run, setRun] = useState<RunView | null>(null);
  const [pollError, setPollError] = useState<string | null>(null);
  const finishedRef = useRef(onFinished);
  useEffect(() => {
    finishedRef.current = onFinished;
  }, [onFinished]);

  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    const tick = async () => {
      try {
        const batch = await apiJson<BatchView>(`/api/uploads/${encodeURIComponent(batchId)}`);
        if (stop) return;
        failures = 0;
        setPollError(null);
        const r = batch.runs.find((x) => x.id === runId) ?? batch.runs[0] ?? null;
        setRun(r);
        if (r && isFinishedRun(r.status)) {
          finishedRef.current?.(r);
          return;
        }
      } catch (e) {
        if (stop) return;
        failures++;
        if (failures >= 3) setPollError(e instanceof Error ? e.message : "Lost contact with the portal");
      }
      timer = setTimeout(tick, failures ? Math.min(10_000, POLL_MS * 2 ** failures) : POLL_MS);
    };
    void tick();
    return () => {
      stop = true;
      if (timer) clearTimeout(timer);
    };
  }, [batchId, runId]);

  const status = run?.status ?? "pending";
  const tone = runStatusTone(status);
  // The state machine's eight states, shown as the product names them: seven numbered steps and the gate.
  const statusOf = new Map((run?.steps ?? []).map((s) => [s.name, s.status]));
  const steps = RUN_STEPS.map((s) => ({ ...s, status: statusOf.get(s.name) ?? "pending" }));

  return (
    <section aria-labelledby="run-title" className="rounded-lg border border-border bg-surface shadow-sm">
      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-border px-5 py-4">
        <div>
          <h2 id="run-title" className="text-base font-semibold text-fg">
            Current run
          </h2>
          <p className="mt-0.5 font-mono text-xs text-muted">{runId}</p>
        </div>
        <Link href={`/runs/${runId}`} className={buttonClass("secondary", "sm")}>
          Open run
        </Link>
      </div>
      <div className="space-y-4 px-5 py-4">
        <div className="flex items-center gap-3" aria-live="polite">
          <span
            className={cn(
              "flex size-9 items-center justify-center rounded-full",
              { success: "bg-success-soft text-success", warning: "bg-warning-soft text-warning", danger: "bg-danger-soft text-danger", info: "bg-info-soft text-info" }[
                tone as "success" | "warning" | "danger" | "info"
              ],
            )}
            aria-hidden
          >
            {isFinishedRun(status) ? <StatusGlyph status={status} /> : <Spinner className="size-5" />}
          </span>
          <div>
            <p data-testid="run-status" className="text-lg font-semibold text-fg">
              {runStatusText(status)}
            </p>
            <p className="text-xs text-muted">
              {isFinishedRun(status) ? `Finished in ${formatDuration(run?.durationMs ?? null)}` : runProgress(steps)}
            </p>
          </div>
        </div>

        <ol className="grid grid-cols-8 gap-1" aria-label="Steps">
          {steps.map((s) => (
            <li key={s.name} title={`${stepTitle(s.name)}: ${s.status}`} className="min-w-0" data-step={s.name}>
              <span
                className={cn(
                  "block h-1.5 rounded-full",
                  s.status === "succeeded"
                    ? "bg-success"
                    : s.status === "running"
                      ? "animate-pulse bg-accent"
                      : s.status === "failed"
                        ? "bg-danger"
                        : s.status === "skipped"
                          ? "bg-border"
                          : "bg-surface-2",
                )}
              />
              {/* The number the progress line counts; the gate is a check between steps, not one of them. */}
              <span aria-hidden className={cn("mt-1 block text-center text-[11px] tabular-nums", s.status === "running" ? "font-semibold text-fg" : "text-muted")}>
                {s.number ?? "gate"}
              </span>
              <span className="sr-only">
                {stepTitle(s.name)}: {s.status}
              </span>
            </li>
          ))}
        </ol>

        {pollError ? (
          <p role="alert" className="text-sm text-danger">
            {pollError} — still trying. The run goes on without this page.
          </p>
        ) : null}
        {run?.status === "held" ? (
          <div className="rounded-md bg-warning-soft px-3 py-2 text-sm text-warning" data-testid="run-held">
            <p className="font-medium">Held by the quality gate: nothing was published, the dashboards keep the month&apos;s previous numbers.</p>
            <ul className="mt-1 list-disc pl-5">
              {run.held.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
            <p className="mt-1">Upload a corrected batch (it may hold only the tables it corrects), or ask ops to publish this one anyway.</p>
          </div>
        ) : run?.error && status !== "succeeded" ? (
          <p className="rounded-md bg-danger-soft px-3 py-2 text-sm text-danger">{run.error}</p>
        ) : null}

        {run && isFinishedRun(run.status) && run.tables.length > 0 ? <TableResults batchId={batchId} run={run} /> : null}
      </div>
    </section>
  );
}

function TableResults({ batchId, run }: { batchId: string; run: RunView }) {
  return (
    <div className="rounded-md border border-border">
      <Table label="Rows per table">
        <HeaderRow columns={[{ label: "Table" }, { label: "Loaded", align: "right" }, { label: "Rejected", align: "right" }]} />
        <TBody>
          {run.tables.map((t) => (
            <Tr key={t.table} data-table={t.table} className="align-top">
              <Td>
                <p className="font-mono text-xs text-fg">{t.table}</p>
                {t.error ? <p className="mt-0.5 text-xs text-danger">{t.error}</p> : null}
                {t.rejected > 0 && t.topReasons.length > 0 ? (
                  <p className="mt-0.5 text-xs text-muted">{t.topReasons.slice(0, 5).map((r) => `${r.reason} (${formatInt(r.count)})`).join(", ")}</p>
                ) : null}
              </Td>
              <Td className="text-right tabular-nums">{formatInt(t.rowsOut)}</Td>
              <Td className="text-right tabular-nums">
                {t.rejected > 0 ? (
                  <a
                    href={`/api/uploads/${encodeURIComponent(batchId)}/rejects?table=${t.table}&run=${run.id}`}
                    className="inline-flex items-center gap-1 font-medium text-danger hover:underline"
                    aria-label={`Download ${formatInt(t.rejected)} rejected ${t.table} rows`}
                    data-testid={`rejected-${t.table}`}
                    data-value={t.rejected}
                  >
                    {formatInt(t.rejected)}
                    <DownloadIcon className="size-3.5" />
                  </a>
                ) : (
                  <span className="text-muted" data-testid={`rejected-${t.table}`} data-value={0}>
                    0
                  </span>
                )}
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </div>
  );
}

function StatusGlyph({ status }: { status: RunView["status"] }) {
  const d = status === "succeeded" ? "m5 10.5 3.5 3.5L15 7" : status === "partial" || status === "held" ? "M6 10h8" : "M6.5 6.5l7 7M13.5 6.5l-7 7";
  return (
    <svg viewBox="0 0 20 20" className="size-5" fill="none" stroke="currentColor" strokeWidth={2.2} strokeLinecap="round" strokeLinejoin="round">
      <path d={d} />
    </svg>
  );
}
