"use client";

import { cn } from "@/components/ui/cn";
import type { RunStepDto } from "@/lib/portal/run-types";
import { formatDuration, formatTime, vsMedian } from "@/lib/format";
import { statusLabel } from "@/lib/contracts/status";
import { stepNumber } from "@/lib/portal/run-steps";

const BAR: Record<string, string> = {
  succeeded: "bg-success",
  failed: "bg-danger",
  running: "bg-info animate-pulse",
  pending: "bg-border",
  skipped: "bg-border",
};

/**
 * The state machine's steps as a Gantt chart: each bar starts at the step's start and is as long as
 * its duration (running bars grow with `now`); a tick marks the median of earlier runs.
 * Each row is a button that opens the step's logs.
 */
export function Timeline({
  steps,
  runStartedAt,
  runEndedAt,
  now,
  selected,
  onSelect,
}: {
  steps: RunStepDto[];
  runStartedAt: string;
  runEndedAt: string | null;
  now: number;
  selected: string | null;
  onSelect: (step: string) => void;
}) {
  const start = Date.parse(runStartedAt);
  const endOf = (s: RunStepDto) => (s.endedAt ? Date.parse(s.endedAt) : s.startedAt ? Math.max(now, Date.parse(s.startedAt)) : null);
  const lastEnd = Math.max(
    runEndedAt ? Date.parse(runEndedAt) : now,
    ...steps.map((s) => endOf(s) ?? 0),
    ...steps.map((s) => (s.startedAt && s.medianMs ? Date.parse(s.startedAt) + s.medianMs : 0)),
  );
  const span = Math.max(lastEnd - start, 1000);
  const pct = (ms: number) => `${Math.min(100, Math.max(0, (ms / span) * 100))}%`;

  return (
    <ol aria-label="Steps" className="divide-y divide-border">
      {steps.map((s) => {
        const sStart = s.startedAt ? Date.parse(s.startedAt) : null;
        const sEnd = endOf(s);
        const elapsed = sStart !== null && sEnd !== null ? sEnd - sStart : null;
        const duration = s.durationMs ?? elapsed;
        const cmp = s.status === "succeeded" ? vsMedian(s.durationMs, s.medianMs) : null;
        const isSel = selected === s.name;
        return (
          <li key={s.name}>
            <button
              type="button"
              onClick={() => onSelect(s.name)}
              aria-pressed={isSel}
              aria-label={`${s.label}: ${statusLabel(s.status)}${duration !== null ? `, ${formatDuration(duration)}` : ""}`}
              className={cn(
                "grid w-full grid-cols-[minmax(0,11rem)_1fr] items-center gap-x-4 gap-y-1 px-4 py-3 text-left transition-colors sm:grid-cols-[minmax(0,15rem)_1fr_9rem]",
                isSel ? "bg-accent-soft" : "hover:bg-surface-2/60",
              )}
            >
              <span className="min-w-0">
                <span className="block truncate text-sm font-medium text-fg">
                  {/* The seven steps are numbered as on the upload page; the gate, which decides, is not. */}
                  <span className="mr-1.5 inline-block w-3 text-right text-muted tabular-nums" aria-hidden data-step-number>
                    {stepNumber(s.name) ?? ""}
                  </span>
                  {s.label}
                </span>
                <span className="flex items-center gap-1.5 text-xs text-muted">
                  <StatusDot status={s.status} />
                  {statusLabel(s.status)}
                  {s.attempt > 1 ? <span>· attempt {s.attempt}</span> : null}
                  {sStart !== null ? <span className="hidden md:inline">· {formatTime(s.startedAt)}</span> : null}
                </span>
              </span>
              <span className="relative h-6 rounded bg-surface-2" aria-hidden>
                {sStart !== null ? (
                  <span
                    className={cn("absolute inset-y-1 rounded-sm", BAR[s.status] ?? "bg-border")}
                    style={{ left: pct(sStart - start), width: `max(3px, ${pct((sEnd ?? sStart) - sStart)})` }}
                  />
                ) : null}
                {sStart !== null && s.medianMs ? (
                  <span
                    className="absolute inset-y-0 w-0.5 bg-fg/60"
                    style={{ left: pct(sStart - start + s.medianMs) }}
                    title={`Median of earlier runs: ${formatDuration(s.medianMs)}`}
                  />
                ) : null}
              </span>
              <span className="col-span-2 text-xs tabular-nums sm:col-span-1 sm:text-right">
                <span className="font-medium text-fg">{s.status === "pending" ? "Waiting" : s.status === "skipped" ? "Skipped" : formatDuration(duration)}</span>
                {cmp ? (
                  <span className={cn("block", cmp.tone === "slower" ? "text-warning" : cmp.tone === "faster" ? "text-success" : "text-muted")}>
                    {cmp.text}
                  </span>
                ) : s.medianMs ? (
                  <span className="block text-muted">median {formatDuration(s.medianMs)}</span>
                ) : null}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}

function StatusDot({ status }: { status: string }) {
  const color = status === "succeeded" ? "bg-success" : status === "failed" ? "bg-danger" : status === "running" ? "bg-info" : "bg-muted/50";
  return <span className={cn("inline-block size-2 rounded-full", color, status === "running" && "animate-pulse")} aria-hidden />;
}
