import "./polyfill";
import { randomUUID } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { executionNameFor } from "../../backend/execution-name";
import { attemptsSoFar, executionNumber, resumePoint, retryExecutionName, type ExecutionInput } from "../../backend/resume";
import type { Catalog, ExecutionInfo, Orchestrator, StartRequest, StepName } from "../../backend/types";
import { STEP_NAMES } from "../../backend/types";
import { runChanged } from "./run-changes";
import { ensureRun, getRun, getRunByExecutionId, getRunByExecutionName, resetStepsFrom, updateRun, type RunView } from "../../db/runs";
import { AppError } from "../../errors";
import { notifyRunEnded } from "../../notify/run-ended";
import { lakeKeys } from "../../lake/keys";
import type { LakeStorage } from "../../lake/storage";
import { runJob1 } from "../../pipeline/jobs/job1-raw-to-processed";
import { runJob2 } from "../../pipeline/jobs/job2-processed-to-curated";
import { runJob3 } from "../../pipeline/jobs/job3-curated-to-database";
import { localStateMachine } from "./local-machine";
import { localTasks, type LocalJobs } from "./local-tasks";
import { HEARTBEAT_MS, PROCESS_OWNER } from "./run-owner";
import { StepRecorder } from "./step-recorder";

export type { LocalJobs };

export interface LocalOrchestratorOptions {
  lake: LakeStorage;
  catalog: Catalog;
  timeZone: string;
  workRoot: string;
  /** Injected for fault tests; defaults to the real jobs. */
  jobs?: Partial<LocalJobs>;
}

export { executionNameFor };

/**
 * Runs the shared ASL definition in-process with aws-local-stepfunctions; the Glue/Lambda/crawler
 * tasks are local handlers. Runs of the same month are serialised (they replace the same partitions).
 * A retry is a new execution that resumes the run through the definition's ResumeAt choice, as on AWS.
 */
export class LocalOrchestrator implements Orchestrator {
  private readonly jobs: LocalJobs;
  private readonly monthLocks = new Map<string, Promise<unknown>>();
  private readonly active = new Map<string, Promise<void>>();
  /** Retry executions started by this process → the step they resume at. */
  private readonly resumes = new Map<string, StepName>();

  constructor(private readonly opts: LocalOrchestratorOptions) {
    this.jobs = { job1: runJob1, job2: runJob2, job3: runJob3, ...opts.jobs };
    // Validate the ASL at start-up rather than in the first run (an error surfaces in that run).
    localStateMachine().catch(() => undefined);
  }

  async start(req: StartRequest): Promise<{ executionId: string }> {
    const name = req.name ?? executionNameFor(req.batchId);
    const existing = await getRunByExecutionName(name);
    // One execution per name: a repeated trigger for the same batch is a no-op.
    if (existing && existing.status !== "pending") return { executionId: name };
    const run = existing ?? (await ensureRun({ batchId: req.batchId, month: req.month, executionName: name, trigger: "manifest" }));
    this.launch(run.id, name, req.month, { manifestKey: req.manifestKey });
    return { executionId: name };
  }

  async findExecutionForBatch(batchId: string): Promise<string | null> {
    const run = await getRunByExecutionName(executionNameFor(batchId));
    return run ? run.executionName : null;
  }

  async describe(executionId: string): Promise<ExecutionInfo> {
    const run = await this.runOf(executionId);
    const full = await getRun(run.id);
    return {
      executionId,
      name: executionId,
      status: run.status,
      startedAt: run.startedAt,
      endedAt: run.endedAt,
      error: run.error,
      steps: (full?.steps ?? []).map((s) => ({
        name: s.name, status: s.status, startedAt: s.startedAt, endedAt: s.endedAt, error: s.error, externalId: s.externalId, attempt: s.attempt,
      })),
      resumedFrom: this.resumes.get(executionId) ?? null,
    };
  }

  /**
   * Retries from the failed step (a partial run from job 1) in a new execution `<run name>-r<n>` whose
   * input makes the state machine skip the steps that already succeeded, exactly as on AWS.
   */
  async redrive(executionId: string): Promise<{ executionId: string }> {
    const run = await this.runOf(executionId);
    const steps = (await getRun(run.id))?.steps ?? [];
    const from = resumePoint(run.status, steps);
    if (!from) throw new AppError(409, "not_redrivable", `Execution ${executionId} is ${run.status}: only a failed or partial execution can be retried.`);
    const name = retryExecutionName(run.executionName, executionNumber(run.executionName, run.executionId ?? run.executionName) + 1);
    const input: ExecutionInput = {
      manifestKey: lakeKeys.manifest(run.month, run.batchId),
      resumeFrom: from,
      run: { name: run.executionName, attempts: attemptsSoFar(steps) },
    };
    await resetStepsFrom(run.id, STEP_NAMES.indexOf(from));
    // Marked before returning, so a caller polling the run never sees the old terminal status.
    await updateRun(run.id, { executionId: name, status: "running", endedAt: null, durationMs: null, error: null });
    this.resumes.set(name, from);
    this.launch(run.id, name, run.month, input);
    return { executionId: name };
  }

  /** Executions are named after their run, or are a retry the run's row points to. */
  private async runOf(executionId: string): Promise<RunView> {
    const run = (await getRunByExecutionName(executionId)) ?? (await getRunByExecutionId(executionId));
    if (!run) throw new AppError(404, "execution_not_found", `No execution ${executionId}`);
    return run;
  }

  /** Resolves when the execution launched in this process ends (tests, CLI). */
  async settled(executionId: string): Promise<void> {
    await this.active.get(executionId);
  }

  /** Resolves when every execution launched in this process has ended, including its clean-up. */
  async idle(): Promise<void> {
    await Promise.all(this.active.values());
  }

  private launch(runId: string, name: string, month: string, input: ExecutionInput): void {
    const prev = this.monthLocks.get(month) ?? Promise.resolve();
    const p = prev.then(() => this.execute(runId, name, input)).catch(async (e: unknown) => {
      console.error(`[pipeline] execution ${name} crashed:`, e);
      await updateRun(runId, { status: "failed", endedAt: new Date(), error: `the local runner crashed: ${(e as Error).message}` }).catch(() => undefined);
      runChanged(runId);
      notifyRunEnded(runId, name, { wasRetry: !!input.resumeFrom });
    });
    this.monthLocks.set(month, p);
    this.active.set(name, p);
  }

  private async execute(runId: string, name: string, input: ExecutionInput): Promise<void> {
    const started = Date.now();
    const ended = { wasRetry: !!input.resumeFrom };
    const rec = new StepRecorder(runId);
    const workDir = path.join(this.opts.workRoot, `${name}-${randomUUID().slice(0, 8)}`);
    await mkdir(workDir, { recursive: true });
    const heartbeat = markRunning(runId, input, rec);
    try {
      // Inside the try: a machine that cannot start fails the run instead of leaving it running.
      const execution = await this.startMachine(runId, name, input, rec, workDir);
      const summary = ((await execution.result) as { summary?: { result?: RunSummary } }).summary?.result;
      await rec.settled(); // the run ends once its steps are recorded
      const status = summary?.status === "partial" || summary?.status === "held" ? summary.status : "succeeded";
      await rec.runStatus({ status, endedAt: new Date(), durationMs: Date.now() - started, error: summary?.error ?? null, ownerId: null });
      notifyRunEnded(runId, name, ended);
    } catch (e) {
      await recordFailure(runId, rec, e, started);
      notifyRunEnded(runId, name, ended);
    } finally {
      clearInterval(heartbeat);
      await rm(workDir, { recursive: true, force: true });
    }
  }

  /** Starts the shared ASL with the local task handlers; its result ends with PublishRunSummary's answer. */
  private async startMachine(runId: string, name: string, input: ExecutionInput, rec: StepRecorder, workDir: string) {
    // Steps before the resume point were not reset by redrive; the ones a retry runs again (ValidateBatch)
    // count one more attempt than the run's earlier executions gave them.
    const resumeAt = input.resumeFrom ? STEP_NAMES.indexOf(input.resumeFrom) : 0;
    const handlers = localTasks({
      lake: this.opts.lake, catalog: this.opts.catalog, timeZone: this.opts.timeZone, jobs: this.jobs, rec, runId,
      runName: input.run?.name ?? name, executionName: name, manifestKey: input.manifestKey, workDir,
      rerunAttempt: (step) => (STEP_NAMES.indexOf(step) < resumeAt ? (input.run?.attempts[step] ?? 0) + 1 : undefined),
    });
    const machine = await localStateMachine();
    const noWait = { CrawlProcessedWait: 0, CrawlCuratedWait: 0 };
    const fastRetry = Object.fromEntries(Object.keys(handlers).map((k) => [k, 100]));
    return machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: handlers as never, waitTimeOverrides: noWait, retryIntervalOverrides: fastRetry },
      context: { Execution: { Id: name, Name: name, Input: input, StartTime: new Date().toISOString(), RoleArn: "local" } } as never,
    });
  }
}

/** PublishRunSummary's answer, at $.summary.result of the execution's output. */
interface RunSummary {
  status?: string;
  error?: string | null;
}

/** Marks the run as this process's and starts its heartbeat; the caller clears the returned timer. */
function markRunning(runId: string, input: ExecutionInput, rec: StepRecorder): NodeJS.Timeout {
  // A retry keeps the run's start; the state machine itself skips the steps that already succeeded.
  const runningSince = input.resumeFrom ? {} : { startedAt: new Date() };
  rec.enqueue(() => updateRun(runId, { status: "running", endedAt: null, durationMs: null, error: null, ownerId: PROCESS_OWNER, heartbeatAt: new Date(), ...runningSince }));
  rec.declareSteps();
  // The heartbeat tells a later process that this run's process still lives (see recovery.ts).
  const heartbeat = setInterval(() => rec.enqueue(() => updateRun(runId, { heartbeatAt: new Date() })), HEARTBEAT_MS);
  heartbeat.unref();
  return heartbeat;
}

/** The run failed: its message names the failed step when there is one; steps not reached are skipped. */
async function recordFailure(runId: string, rec: StepRecorder, e: unknown, started: number): Promise<void> {
  await rec.settled().catch(() => undefined); // a bookkeeping failure must not hide the run's own
  const run = await getRun(runId);
  const failedStep = run?.steps.find((s) => s.status === "failed");
  const message = failedStep ? `${failedStep.name}: ${failedStep.error}` : (e as Error).message;
  await rec.skipPending();
  await rec.runStatus({ status: "failed", endedAt: new Date(), durationMs: Date.now() - started, error: message, ownerId: null });
}
