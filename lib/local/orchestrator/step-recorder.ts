import { STEP_NAMES } from "../../backend/types";
import { appendLogLines } from "../../db/logs";
import { declareSteps, getRun, updateRun, upsertStep } from "../../db/runs";
import type { JobLog, LogLevel } from "../../pipeline/jobs/context";
import { runChanged } from "./run-changes";

/**
 * Records a run's steps and log lines as the local execution goes. The writes are queued in order and
 * run beside the pipeline rather than between its steps (locally the database shares the thread the
 * steps' callbacks need); `settled()` waits for them and reports the first that failed. Log lines are
 * buffered and flushed in batches so a chatty job does not become one INSERT per line.
 */
export class StepRecorder {
  private buffer: { step: string; ts: Date; level: LogLevel; message: string }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private queue: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  constructor(readonly runId: string) {}

  /** Queues a bookkeeping write after the ones before it. */
  enqueue(write: () => Promise<unknown>): void {
    this.queue = this.queue.then(write).then(
      () => undefined,
      (e: unknown) => {
        this.failure ??= e;
      },
    );
  }

  /** Queues a write of the run's or a step's status, which wakes whoever waits for the run. */
  private enqueueStatus(write: () => Promise<unknown>): void {
    this.enqueue(async () => {
      await write();
      runChanged(this.runId);
    });
  }

  /** Every queued write is done; throws the first one that failed. */
  async settled(): Promise<void> {
    await this.queue;
    if (this.failure) throw this.failure;
  }

  logger(step: string): JobLog {
    return (level, message) => {
      this.buffer.push({ step, ts: new Date(), level, message });
      this.timer ??= setTimeout(() => this.flush(), 200);
    };
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const lines = this.buffer;
    this.buffer = [];
    if (lines.length === 0) return;
    const byStep = new Map<string, typeof lines>();
    for (const l of lines) byStep.set(l.step, [...(byStep.get(l.step) ?? []), l]);
    this.enqueue(async () => {
      for (const [step, ls] of byStep) await appendLogLines(this.runId, step, ls.map(({ ts, level, message }) => ({ ts, level, message })));
    });
  }

  /** Every step exists from the start (pending), so the run page can draw the whole graph. */
  declareSteps(): void {
    this.enqueueStatus(() => declareSteps(this.runId, STEP_NAMES));
  }

  /** After a failure, the steps never reached are marked skipped. */
  async skipPending(): Promise<void> {
    await this.queue;
    const run = await getRun(this.runId);
    for (const s of run?.steps ?? []) if (s.status === "pending") await upsertStep(this.runId, s.name, s.position, { status: "skipped" });
  }

  /** `attempt` is given when a retry runs a step again that redrive did not reset (ValidateBatch). */
  stepStarted(step: string, attempt?: number): void {
    const startedAt = new Date();
    this.enqueueStatus(() => upsertStep(this.runId, step, STEP_NAMES.indexOf(step as never), { status: "running", startedAt, endedAt: null, durationMs: null, error: null, attempt }));
    this.logger(step)("info", `${step} started`);
  }

  stepEnded(step: string, startedAt: number, error: Error | null): void {
    const endedAt = new Date();
    const durationMs = endedAt.getTime() - startedAt;
    const log = this.logger(step);
    if (error) log("error", `${step} failed after ${durationMs} ms: ${error.message}`);
    else log("info", `${step} succeeded in ${durationMs} ms`);
    this.flush();
    this.enqueueStatus(() =>
      upsertStep(this.runId, step, STEP_NAMES.indexOf(step as never), {
        status: error ? "failed" : "succeeded",
        endedAt,
        durationMs,
        error: error ? error.message : null,
      }),
    );
  }

  /** Written after everything queued before it, and awaited. */
  async runStatus(patch: Parameters<typeof updateRun>[1]): Promise<void> {
    this.flush();
    await this.settled();
    await updateRun(this.runId, patch);
    runChanged(this.runId);
  }
}
