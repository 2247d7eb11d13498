import { STEP_NAMES } from "../../backend/types";
import { appendLogLines } from "../../db/logs";
import { getRun, updateRun, upsertStep } from "../../db/runs";
import type { JobLog, LogLevel } from "../jobs/context";

/**
 * Records a run's steps and log lines as the local execution goes. Log lines are buffered and
 * flushed in batches so a chatty job does not become one INSERT per line.
 */
export class StepRecorder {
  private buffer: { step: string; ts: Date; level: LogLevel; message: string }[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly runId: string) {}

  logger(step: string): JobLog {
    return (level, message) => {
      this.buffer.push({ step, ts: new Date(), level, message });
      this.timer ??= setTimeout(() => void this.flush(), 200);
    };
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const lines = this.buffer;
    this.buffer = [];
    const byStep = new Map<string, typeof lines>();
    for (const l of lines) byStep.set(l.step, [...(byStep.get(l.step) ?? []), l]);
    this.flushing = this.flushing.then(async () => {
      for (const [step, ls] of byStep) await appendLogLines(this.runId, step, ls.map(({ ts, level, message }) => ({ ts, level, message })));
    });
    await this.flushing;
  }

  /** Every step exists from the start (pending), so the run page can draw the whole graph. */
  async declareSteps(): Promise<void> {
    const run = await getRun(this.runId);
    const have = new Set(run?.steps.map((s) => s.name));
    for (const [i, name] of STEP_NAMES.entries()) if (!have.has(name)) await upsertStep(this.runId, name, i, { status: "pending" });
  }

  /** After a failure, the steps never reached are marked skipped. */
  async skipPending(): Promise<void> {
    const run = await getRun(this.runId);
    for (const s of run?.steps ?? []) if (s.status === "pending") await upsertStep(this.runId, s.name, s.position, { status: "skipped" });
  }

  /** `attempt` is given when a retry runs a step again that redrive did not reset (ValidateBatch). */
  async stepStarted(step: string, attempt?: number): Promise<void> {
    await upsertStep(this.runId, step, STEP_NAMES.indexOf(step as never), { status: "running", startedAt: new Date(), endedAt: null, durationMs: null, error: null, attempt });
    this.logger(step)("info", `${step} started`);
  }

  async stepEnded(step: string, startedAt: number, error: Error | null): Promise<void> {
    const durationMs = Date.now() - startedAt;
    const log = this.logger(step);
    if (error) log("error", `${step} failed after ${durationMs} ms: ${error.message}`);
    else log("info", `${step} succeeded in ${durationMs} ms`);
    await this.flush();
    await upsertStep(this.runId, step, STEP_NAMES.indexOf(step as never), {
      status: error ? "failed" : "succeeded",
      endedAt: new Date(),
      durationMs,
      error: error ? error.message : null,
    });
  }

  async runStatus(patch: Parameters<typeof updateRun>[1]): Promise<void> {
    await this.flush();
    await updateRun(this.runId, patch);
  }
}
