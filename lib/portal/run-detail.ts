import { isFinishedRun } from "../contracts/status";
import "server-only";
import { getBackend } from "../wiring";
import { STEP_NAMES } from "../backend/types";
import { batchCreator, batchFilesByTable } from "../db/batch-runs";
import { listQuality } from "../db/quality";
import { finishedRunDurationsBefore, getRun, type RunWithSteps } from "../db/runs";
import { canAccessArea } from "../auth/roles";
import type { SessionUser } from "../auth/session";
import { estimateRunCost } from "../cost/estimate";
import { hasStagedMonth } from "../lake/staged-run";
import { AppError } from "../errors";
import { median } from "./median";
import { qualityCounts } from "./quality-counts";
import { stepLabel } from "./run-steps";
import type { CostDto, RunDetailDto, StepStatus } from "./run-types";

/** How many earlier runs the medians look at. */
const HISTORY_RUNS = 20;
/** Dashboard queries that read a fresh month after a run (for the Athena part of the estimate). */
const DASHBOARD_QUERIES = 7;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * A run the viewer may see, or an AppError 404 — for a run that does not exist and, the same answer,
 * for a client asking for a run of someone else's batch (clients see only the runs of their own
 * uploads): a run id tells nothing about whether it exists.
 */
export async function loadVisibleRun(runId: string, user: SessionUser): Promise<{ run: RunWithSteps; createdById: string | null; uploadedBy: string | null }> {
  const found = await getRun(runId);
  if (!found) throw new AppError(404, "run_not_found", "This run does not exist.");
  const batch = await batchCreator(found.batchId);
  const createdById = batch?.createdById ?? null;
  if (!canAccessArea(user.role, "runs") && createdById !== user.id) {
    throw new AppError(404, "run_not_found", "This run does not exist.");
  }
  // On AWS: copy the execution's progress into the run (only for a viewer who may see it).
  await (await getBackend()).syncRun(runId);
  const run = (await getRun(runId)) ?? found;
  return { run, createdById, uploadedBy: batch?.createdBy ? (batch.createdBy.name ?? batch.createdBy.email) : null };
}

export async function runDetail(runId: string, user: SessionUser): Promise<RunDetailDto> {
  const { run, uploadedBy } = await loadVisibleRun(runId, user);

  const [quality, history, files, layerStats] = await Promise.all([
    listQuality(run.id),
    earlierDurations(run.startedAt, run.id),
    batchFilesByTable(run.batchId),
    lakeStatsForMonth(run.month),
  ]);

  const recorded = new Map(run.steps.map((s) => [s.name, s]));
  const terminal = isFinishedRun(run.status);
  const steps = STEP_NAMES.map((name) => {
    const s = recorded.get(name);
    // A step never reached in a finished run was skipped, not "pending".
    const status: StepStatus = s ? s.status : terminal ? "skipped" : "pending";
    return {
      name,
      // The gate ran fine and decided to hold: "Quality gate · Succeeded" beside "Held" read as a contradiction.
      label: name === "QualityGate" && run.status === "held" ? "Quality gate · held the month" : stepLabel(name),
      status,
      attempt: s?.attempt ?? 1,
      startedAt: iso(s?.startedAt ?? null),
      endedAt: iso(s?.endedAt ?? null),
      durationMs: s?.durationMs ?? null,
      error: s?.error ?? null,
      medianMs: median(history.steps.get(name) ?? []),
    };
  });
  // Steps recorded under names the definition no longer has still show, after the known ones.
  for (const s of run.steps) {
    if (!(STEP_NAMES as readonly string[]).includes(s.name)) {
      steps.push({ name: s.name as never, label: s.name, status: s.status, attempt: s.attempt, startedAt: iso(s.startedAt), endedAt: iso(s.endedAt), durationMs: s.durationMs, error: s.error, medianMs: null });
    }
  }

  const fileBytes = files.reduce((n, f) => n + f.size, 0);
  const estimate = estimateRunCost({
    steps: steps.map((s) => ({ name: s.name, durationMs: s.durationMs, attempts: s.attempt })),
    athena: { queries: DASHBOARD_QUERIES, bytesScanned: layerStats.curated.bytes },
    s3: {
      putRequests: files.length + 1 + layerStats.processed.files + layerStats.curated.files,
      getRequests: files.length + layerStats.processed.files + layerStats.curated.files,
      storedBytes: fileBytes + layerStats.processed.bytes + layerStats.curated.bytes,
    },
  });
  const cost: CostDto = {
    ...estimate,
    assumptions:
      "us-east-1 list prices. Glue 5 jobs on two G.1X workers (2 DPU, 1-minute minimum; Flex for jobs 1 and 2), crawlers at 2 DPU with a 10-minute minimum, " +
      `${DASHBOARD_QUERIES} Athena dashboard queries over this month's curated data, S3 requests per file written and read, one month of storage.`,
  };

  const mayAct = canAccessArea(user.role, "runActions");
  return {
    id: run.id,
    batchId: run.batchId,
    month: run.month,
    status: run.status,
    trigger: run.trigger,
    startedAt: run.startedAt.toISOString(),
    endedAt: iso(run.endedAt),
    durationMs: run.durationMs,
    uploadedBy,
    retryOfId: run.retryOfId,
    executionName: run.executionName,
    error: run.error,
    gate: run.gate,
    steps,
    failedStep: steps.find((s) => s.status === "failed")?.name ?? null,
    medianDurationMs: median(history.runs),
    quality: quality.map((q) => ({
      ...qualityCounts(q),
      orphans: q.orphans,
      topReasons: q.topReasons,
      warnings: q.warnings,
      error: q.error,
    })),
    cost,
    files,
    can: {
      retry: mayAct && (run.status === "failed" || run.status === "partial"),
      rerun: mayAct && terminal,
      // Not once a later run published the month (publishing then answered 409 after the confirmation).
      publish: mayAct && run.status === "held" && (await hasStagedMonth((await getBackend()).lake, run.month, run.executionName)),
    },
    now: new Date().toISOString(),
  };
}

/** Durations of the runs (and their successful steps) that started before this one. */
async function earlierDurations(before: Date, excludeId: string): Promise<{ runs: number[]; steps: Map<string, number[]> }> {
  const runs = await finishedRunDurationsBefore(before, excludeId, HISTORY_RUNS);
  const steps = new Map<string, number[]>();
  for (const r of runs) {
    for (const s of r.steps) if (s.durationMs !== null) steps.set(s.name, [...(steps.get(s.name) ?? []), s.durationMs]);
  }
  return { runs: runs.flatMap((r) => (r.durationMs === null ? [] : [r.durationMs])), steps };
}

/** Files and bytes of the month in the processed and curated layers (from the catalog). */
async function lakeStatsForMonth(month: string): Promise<Record<"processed" | "curated", { files: number; bytes: number }>> {
  const out = { processed: { files: 0, bytes: 0 }, curated: { files: 0, bytes: 0 } };
  try {
    const { catalog } = await getBackend();
    for (const t of await catalog.list()) {
      if (t.layer === "raw") continue;
      for (const p of t.partitions) {
        if (p.month !== month) continue;
        out[t.layer].files += p.files;
        out[t.layer].bytes += p.bytes;
      }
    }
  } catch (e) {
    // The estimate still shows the compute part; say why the storage part is missing.
    console.warn("[runs] catalog unavailable for the cost estimate:", e);
  }
  return out;
}
