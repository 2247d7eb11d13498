import "server-only";
import { rerunExecutionName } from "../backend/execution-name";
import { isFinishedRun } from "../contracts/status";
import { getBatch } from "../db/batches";
import { ensureRun, getRun } from "../db/runs";
import { AppError } from "../errors";
import { lakeKeys } from "../lake/keys";
import { hasStagedMonth } from "../lake/staged-run";
import { getBackend } from "../wiring";

/**
 * Retries a failed or partial run from its failed step. The run stays the same; the execution that
 * carries it may be a new one (see Orchestrator.redrive), which the run follows from now on.
 */
export async function retryRun(runId: string): Promise<{ runId: string; executionId: string }> {
  const run = await getRun(runId);
  if (!run) throw new AppError(404, "run_not_found", `run ${runId} does not exist`);
  if (run.status !== "failed" && run.status !== "partial") {
    throw new AppError(409, "not_retryable", `only failed or partial runs can be retried; this one is ${run.status}`);
  }
  const backend = await getBackend();
  const { executionId } = await backend.orchestrator.redrive(run.executionId ?? run.executionName);
  await backend.followExecution(runId, executionId);
  return { runId, executionId };
}

/**
 * Publishes a run the quality gate held, as it is ("Publish anyway"; ops and admins, audited by the
 * route): the run resumes at job 3 with the month it staged, past the gate.
 */
export async function publishHeldRun(runId: string): Promise<{ runId: string; executionId: string }> {
  const run = await getRun(runId);
  if (!run) throw new AppError(404, "run_not_found", `run ${runId} does not exist`);
  if (run.status !== "held") throw new AppError(409, "not_held", `only a run held by the quality gate can be published anyway; this one is ${run.status}`);
  const backend = await getBackend();
  if (!(await hasStagedMonth(backend.lake, run.month, run.executionName))) {
    throw new AppError(409, "superseded", `${run.month} was published from a later run since; upload the batch again to publish this one`);
  }
  const { executionId } = await backend.orchestrator.redrive(run.executionId ?? run.executionName);
  await backend.followExecution(runId, executionId);
  return { runId, executionId };
}

/** Runs a whole batch again as a new run (e.g. after a corrected upload of another table). */
export async function rerunBatch(batchId: string): Promise<{ runId: string }> {
  const batch = await getBatch(batchId);
  if (!batch) throw new AppError(404, "batch_not_found", `batch ${batchId} does not exist`);
  if (batch.status !== "completed") throw new AppError(409, "batch_incomplete", "the batch was never completed");
  const name = rerunExecutionName(batchId);
  const run = await ensureRun({ batchId, month: batch.month, executionName: name, trigger: "rerun" });
  const { orchestrator } = await getBackend();
  await orchestrator.start({ batchId, month: batch.month, manifestKey: lakeKeys.manifest(batch.month, batchId), name });
  return { runId: run.id };
}

/** Runs the batch of run `runId` again as a new run (404 when the run does not exist). */
export async function rerunRunBatch(runId: string): Promise<{ batchId: string; runId: string }> {
  const run = await getRun(runId);
  if (!run) throw new AppError(404, "run_not_found", "This run does not exist.");
  return { batchId: run.batchId, ...(await rerunBatch(run.batchId)) };
}

export interface RunProgress {
  status: string;
  steps: { name: string; status: string; durationMs: number | null }[];
}

/** Waits until the run ends (CLI and tests), reading it at each change; `onProgress` sees each change. */
export async function waitForRun(
  runId: string,
  opts: { timeoutMs?: number; intervalMs?: number; onProgress?: (p: RunProgress) => void } = {},
): Promise<NonNullable<Awaited<ReturnType<typeof getRun>>>> {
  const deadline = Date.now() + (opts.timeoutMs ?? 30 * 60_000);
  let last = "";
  for (;;) {
    const backend = await getBackend();
    // Listening before reading: a change made while the run is read wakes the next read at once.
    const changed = backend.untilRunChanges(runId, opts.intervalMs ?? backend.pollIntervalMs);
    await backend.syncRun(runId);
    const run = await getRun(runId);
    if (!run) throw new AppError(404, "run_not_found", `run ${runId} does not exist`);
    const progress: RunProgress = { status: run.status, steps: run.steps.map((s) => ({ name: s.name, status: s.status, durationMs: s.durationMs })) };
    const sig = JSON.stringify(progress);
    if (sig !== last) {
      last = sig;
      opts.onProgress?.(progress);
    }
    if (isFinishedRun(run.status)) return run;
    if (Date.now() > deadline) throw new Error(`run ${runId} did not finish in time`);
    await changed;
  }
}
