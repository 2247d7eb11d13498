"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { requestJson } from "@/components/ui/fetch-json";
import { RetryIcon } from "@/components/ui/icons";
import { GatePanel } from "./gate-panel";
import { PageHeader } from "@/components/ui/page-header";
import { useToast } from "@/components/ui/toast";
import { isFinishedRun } from "@/lib/contracts/status";
import type { RunDetailDto } from "@/lib/portal/run-types";
import { CostSummary } from "./cost-summary";
import { formatDateTime, formatDuration, shortId, vsMedian } from "@/lib/format";
import { LogViewer } from "./log-viewer";
import { QualityReport } from "./quality-report";
import { StatusBadge } from "./status-badge";
import { Timeline } from "./timeline";
import { usePoll } from "./use-poll";

/**
 * The run page's live part: polls the run every second until it ends (and again after a retry),
 * opens on the failed step (or the running one), and lets ops retry or re-run.
 */
export function RunLive({ initial, backHref }: { initial: RunDetailDto; backHref: string | null }) {
  const router = useRouter();
  const toast = useToast();
  const [run, setRun] = useState(initial);
  const [stale, setStale] = useState<string | null>(null);
  const [busy, setBusy] = useState<"retry" | "rerun" | "publish" | null>(null);
  const [awaitingRestart, setAwaitingRestart] = useState(false);
  // Server clock minus browser clock, so running bars and durations grow from the server's time.
  const skew = useRef(0);
  const [now, setNow] = useState(() => Date.parse(initial.now));
  const [picked, setPicked] = useState<string | null>(null);

  const live = !isFinishedRun(run.status) || awaitingRestart;

  usePoll(
    async () => {
      const res = await requestJson<RunDetailDto>(`/api/runs/${run.id}`);
      if (!res.ok) {
        setStale(res.message);
        return;
      }
      setStale(null);
      skew.current = Date.parse(res.data.now) - Date.now();
      setRun(res.data);
      if (!isFinishedRun(res.data.status)) setAwaitingRestart(false);
    },
    1000,
    live,
  );

  useEffect(() => {
    skew.current = Date.parse(initial.now) - Date.now();
  }, [initial.now]);

  useEffect(() => {
    if (!live) return;
    const t = setInterval(() => setNow(Date.now() + skew.current), 500);
    return () => clearInterval(t);
  }, [live]);

  const running = run.steps.find((s) => s.status === "running")?.name ?? null;
  // Until someone picks a step: the failed one, else the running one, else the last that ran.
  const auto = run.failedStep ?? running ?? [...run.steps].reverse().find((s) => s.startedAt)?.name ?? run.steps[0]?.name ?? null;
  const selected = picked ?? auto;
  const selectedStep = run.steps.find((s) => s.name === selected) ?? null;

  const elapsed = run.durationMs ?? (run.endedAt ? Date.parse(run.endedAt) - Date.parse(run.startedAt) : Math.max(0, (live ? now : Date.parse(run.now)) - Date.parse(run.startedAt)));
  const cmp = isFinishedRun(run.status) ? vsMedian(run.durationMs, run.medianDurationMs) : null;

  async function act(kind: "retry" | "rerun" | "publish") {
    if (kind === "publish" && !window.confirm("Publish this month although the quality gate held it? The dashboards will show its numbers.")) return;
    setBusy(kind);
    const res = await requestJson<{ runId: string }>(`/api/runs/${run.id}/${kind}`, { method: "POST" });
    setBusy(null);
    if (!res.ok) {
      toast.error(kind === "retry" ? "Could not retry the run" : kind === "publish" ? "Could not publish the run" : "Could not re-run the batch", res.message);
      return;
    }
    if (kind === "retry" || kind === "publish") {
      toast.success(kind === "retry" ? "Retry started" : "Publishing", kind === "retry" ? "The run continues from its failed step." : "The held month is being published.");
      setPicked(null);
      setAwaitingRestart(true);
    } else {
      toast.success("Re-run started", "The whole batch runs again as a new run.");
      if (res.data.runId !== run.id) router.push(`/runs/${res.data.runId}`);
      else setAwaitingRestart(true);
    }
  }

  useEffect(() => {
    // A retry may finish quickly; stop waiting for "running" after a while and show what we have.
    if (!awaitingRestart) return;
    const t = setTimeout(() => setAwaitingRestart(false), 15_000);
    return () => clearTimeout(t);
  }, [awaitingRestart]);

  return (
    <>
      <PageHeader
        eyebrow={
          backHref ? (
            <Link href={backHref} className="hover:text-fg">
              ← Runs
            </Link>
          ) : undefined
        }
        title={
          <span className="flex flex-wrap items-center gap-3">
            Run {run.month}
            <StatusBadge status={run.status} className="px-2.5 py-1 text-sm" />
          </span>
        }
        description={
          <>
            Batch <span className="font-mono">{run.batchId}</span>
            {run.uploadedBy ? <> · uploaded by {run.uploadedBy}</> : null}
            {run.trigger !== "manifest" ? <> · {run.trigger}</> : null}
            {run.retryOfId ? (
              <>
                {" "}
                · re-run of{" "}
                <Link className="underline" href={`/runs/${run.retryOfId}`}>
                  {shortId(run.retryOfId)}
                </Link>
              </>
            ) : null}
          </>
        }
        actions={
          run.can.retry || run.can.rerun || run.can.publish ? (
            <>
              {run.can.publish ? (
                <Button variant="primary" loading={busy === "publish"} disabled={busy !== null || awaitingRestart} onClick={() => act("publish")}>
                  Publish anyway
                </Button>
              ) : null}
              {run.can.retry ? (
                <Button variant="primary" icon={<RetryIcon className="size-4" />} loading={busy === "retry"} disabled={busy !== null || awaitingRestart} onClick={() => act("retry")}>
                  Retry
                </Button>
              ) : null}
              {run.can.rerun ? (
                <Button variant="secondary" loading={busy === "rerun"} disabled={busy !== null || awaitingRestart} onClick={() => act("rerun")}>
                  Re-run batch
                </Button>
              ) : null}
            </>
          ) : undefined
        }
      />

      <dl className="mb-6 grid grid-cols-2 gap-4 rounded-lg border border-border bg-surface p-4 shadow-sm md:grid-cols-4">
        <Meta label="Started">{formatDateTime(run.startedAt)}</Meta>
        <Meta label="Duration">
          <span className="tabular-nums" data-testid="run-duration">
            {formatDuration(elapsed)}
          </span>
          {cmp ? <span className="ml-2 text-xs text-muted">{cmp.text}</span> : null}
        </Meta>
        <Meta label="Estimated AWS cost">
          <CostSummary cost={run.cost} />
        </Meta>
        <Meta label="Files">
          {run.files.length ? `${run.files.length} table${run.files.length === 1 ? "" : "s"}` : "—"}
        </Meta>
      </dl>

      {stale ? (
        <Alert tone="warning" className="mb-4" title="Live updates paused">
          {stale} Trying again every second.
        </Alert>
      ) : null}
      {run.status === "held" && run.gate ? <GatePanel gate={run.gate} canPublish={run.can.publish} /> : null}
      {run.status === "failed" && run.error ? (
        <Alert tone="danger" className="mb-4" title="This run failed">
          {run.error}
        </Alert>
      ) : null}

      <div className="space-y-6">
        <Card>
          <CardHeader title="Steps" description={live ? "Updating live." : "Click a step to read its log."} />
          <Timeline steps={run.steps} runStartedAt={run.startedAt} runEndedAt={run.endedAt} now={live ? now : Date.parse(run.now)} selected={selected} onSelect={setPicked} />
        </Card>

        <Card className="min-w-0">
          <CardHeader
            title={selectedStep ? `Log · ${selectedStep.label}` : "Log"}
            description={selectedStep?.status === "failed" ? "This step failed; its error and log are below." : undefined}
          />
          <CardBody className="space-y-3">
            {selectedStep?.error ? (
              <Alert tone="danger" title={`${selectedStep.label} failed`}>
                <span className="font-mono text-xs break-words whitespace-pre-wrap">{selectedStep.error}</span>
              </Alert>
            ) : null}
            {selectedStep ? (
              <LogViewer
                key={`${selectedStep.name}:${selectedStep.attempt}`}
                runId={run.id}
                step={selectedStep.name}
                stepLabel={selectedStep.label}
                live={selectedStep.status === "running" || (live && selectedStep.status === "pending")}
              />
            ) : null}
          </CardBody>
        </Card>
      </div>

      <Card className="mt-6">
        <CardHeader title="Data quality" description="What each table brought in, what was kept, and why rows were rejected." />
        <QualityReport runId={run.id} quality={run.quality} running={live} />
      </Card>
    </>
  );
}

function Meta({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium tracking-wide text-muted uppercase">{label}</dt>
      <dd className="mt-1 text-sm text-fg">{children}</dd>
    </div>
  );
}
