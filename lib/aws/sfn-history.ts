import type { HistoryEvent } from "@aws-sdk/client-sfn";
import { STEP_NAMES, type ExecutionStep } from "../backend/types";
import type { RunStatus } from "../contracts/status";

/**
 * Turns a Step Functions execution history into the app's steps.
 * Several ASL states make up one logical step: a crawl is CrawlX → CrawlXWait → CrawlXCheck → CrawlXDone
 * (looping until the crawler is READY), then CrawlXFailed when the crawl did not succeed, shown to
 * people as the single step "CrawlX".
 */
export function logicalStep(stateName: string): string | null {
  for (const step of STEP_NAMES) {
    if (stateName === step) return step;
    if (step.startsWith("Crawl") && /^(Wait|Check|Done|Failed)$/.test(stateName.slice(step.length)) && stateName.startsWith(step)) return step;
  }
  return null;
}

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED" | "PENDING_REDRIVE" | string;

export function runStatusOf(status: ExecutionStatus | undefined, output?: string | null): RunStatus {
  switch (status) {
    case "SUCCEEDED": {
      // PublishRunSummary reports "held" when the quality gate kept the month from being published, and
      // "partial" when some tables failed but the batch went through.
      const s = summaryOf(output)?.status;
      return s === "held" || s === "partial" ? s : "succeeded";
    }
    case "FAILED":
    case "TIMED_OUT":
    case "ABORTED":
      return "failed";
    case "RUNNING":
    case "PENDING_REDRIVE":
      return "running";
    default:
      return "pending";
  }
}

/** PublishRunSummary's answer in a succeeded execution's output ($.summary.result). */
export function summaryOf(output: string | null | undefined): { status: string; error: string | null } | null {
  if (!output) return null;
  try {
    const o = JSON.parse(output) as { summary?: { result?: { status?: unknown; error?: unknown } } };
    const { status, error } = o.summary?.result ?? {};
    return typeof status === "string" ? { status, error: typeof error === "string" ? error : null } : null;
  } catch {
    return null;
  }
}

interface StepState extends ExecutionStep {
  /** The last task of this step failed and no retry followed (yet). */
  pendingFailure: string | null;
}

export interface HistorySummary {
  steps: ExecutionStep[];
  /** The most useful failure message: the failed step's, else the execution's. */
  error: string | null;
}

export function stepsFromHistory(events: HistoryEvent[], executionStatus: ExecutionStatus | undefined): HistorySummary {
  const walk = new HistoryWalk();
  for (const ev of [...events].sort((a, b) => (a.id ?? 0) - (b.id ?? 0))) walk.apply(ev);
  return walk.summary(executionStatus);
}

/** One pass over the history, oldest event first: the logical step open now, the ASL state the execution is in. */
class HistoryWalk {
  private readonly states = new Map<string, StepState>(
    STEP_NAMES.map((name) => [name, { name, status: "pending", startedAt: null, endedAt: null, error: null, externalId: null, attempt: 0, pendingFailure: null }]),
  );
  private open: StepState | null = null;
  private currentState: string | null = null;
  private executionError: string | null = null;

  apply(ev: HistoryEvent): void {
    const type = ev.type ?? "";
    if (type.endsWith("StateEntered")) this.enter(ev.stateEnteredEventDetails?.name ?? "", ev.timestamp);
    else if (type.startsWith("Execution")) this.execution(ev, type);
    else if (this.open) this.task(this.open, ev, type);
  }

  private enter(stateName: string, at: Date | undefined): void {
    this.currentState = stateName;
    const stepName = logicalStep(stateName);
    const step = stepName ? (this.states.get(stepName) ?? null) : null;
    if (step === this.open) return;
    this.close(at);
    if (!step) return;
    // First entry, or re-entry after a redrive: a new attempt of the step.
    this.open = step;
    if (step.attempt === 0 || step.status !== "running") Object.assign(step, { startedAt: at ?? null, endedAt: null, error: null, status: "running" });
  }

  /** A task event of the open step; only the step's own state (not a crawl's wait or check) counts attempts and ids. */
  private task(step: StepState, ev: HistoryEvent, type: string): void {
    const inPrimary = this.currentState === step.name;
    switch (type) {
      case "TaskScheduled":
      case "LambdaFunctionScheduled":
        step.pendingFailure = null;
        // Polling tasks inside a crawl loop are not attempts; the StartCrawler task is.
        if (inPrimary) step.attempt += 1;
        break;
      case "TaskSubmitted":
        if (inPrimary) step.externalId = jobRunId(ev.taskSubmittedEventDetails?.output) ?? step.externalId;
        break;
      case "TaskSucceeded":
        if (inPrimary) step.externalId = jobRunId(ev.taskSucceededEventDetails?.output) ?? step.externalId;
        step.pendingFailure = null;
        break;
      case "TaskFailed":
        if (inPrimary) step.externalId = jobRunId(ev.taskFailedEventDetails?.cause) ?? step.externalId;
        step.pendingFailure = describeFailure(ev.taskFailedEventDetails?.error, ev.taskFailedEventDetails?.cause);
        break;
      case "TaskTimedOut":
        step.pendingFailure = describeFailure(ev.taskTimedOutEventDetails?.error ?? "States.Timeout", ev.taskTimedOutEventDetails?.cause);
        break;
      case "TaskStartFailed":
        step.pendingFailure = describeFailure(ev.taskStartFailedEventDetails?.error, ev.taskStartFailedEventDetails?.cause);
        break;
      case "TaskSubmitFailed":
        step.pendingFailure = describeFailure(ev.taskSubmitFailedEventDetails?.error, ev.taskSubmitFailedEventDetails?.cause);
        break;
      case "LambdaFunctionFailed":
        step.pendingFailure = describeFailure(ev.lambdaFunctionFailedEventDetails?.error, ev.lambdaFunctionFailedEventDetails?.cause);
        break;
      case "PassStateExited": {
        // CrawlXFailed sets $.error ({Error, Cause}) from the crawler's last crawl: the step failed.
        const err = this.currentState?.endsWith("Failed") ? errorOf(ev.stateExitedEventDetails?.output) : null;
        if (err) step.pendingFailure = describeFailure(err.Error, err.Cause);
        break;
      }
    }
  }

  private execution(ev: HistoryEvent, type: string): void {
    const at = ev.timestamp;
    switch (type) {
      case "ExecutionSucceeded":
        return this.close(at);
      case "ExecutionFailed":
        this.executionError = describeFailure(ev.executionFailedEventDetails?.error, ev.executionFailedEventDetails?.cause);
        return this.close(at, this.open?.pendingFailure ?? (this.open ? this.executionError : null));
      case "ExecutionTimedOut":
        this.executionError = describeFailure(ev.executionTimedOutEventDetails?.error ?? "States.Timeout", ev.executionTimedOutEventDetails?.cause ?? "the execution timed out");
        return this.close(at, this.executionError);
      case "ExecutionAborted":
        this.executionError = describeFailure(ev.executionAbortedEventDetails?.error ?? "Aborted", ev.executionAbortedEventDetails?.cause ?? "the execution was stopped");
        return this.close(at, this.executionError);
      case "ExecutionRedriven":
        return this.redrive(at);
    }
  }

  // The run is live again from the unsuccessful state; reopen its step in case the history
  // continues with the task events without entering the state anew.
  private redrive(at: Date | undefined): void {
    this.executionError = null;
    const stepName = this.currentState ? logicalStep(this.currentState) : null;
    const step = stepName ? this.states.get(stepName) : undefined;
    if (!step) return;
    this.open = step;
    Object.assign(step, { status: "running", endedAt: null, error: null, pendingFailure: null, startedAt: at ?? step.startedAt });
  }

  private close(at: Date | undefined, failure?: string | null): void {
    const step = this.open;
    if (!step) return;
    const err = failure ?? step.pendingFailure;
    Object.assign(step, { status: err ? "failed" : "succeeded", error: err ?? null, endedAt: at ?? null, pendingFailure: null });
    this.open = null;
  }

  summary(executionStatus: ExecutionStatus | undefined): HistorySummary {
    const ended = executionStatus !== undefined && executionStatus !== "RUNNING" && executionStatus !== "PENDING_REDRIVE";
    const steps: ExecutionStep[] = [...this.states.values()].map((s) => ({
      name: s.name,
      status: s.status === "pending" && ended ? "skipped" : s.status,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      error: s.error,
      externalId: s.externalId,
      attempt: Math.max(1, s.attempt),
    }));
    const failedStep = steps.find((s) => s.status === "failed");
    return { steps, error: failedStep ? `${failedStep.name}: ${failedStep.error ?? "failed"}` : this.executionError };
  }
}

/**
 * Whether the execution ended by entering a Fail state: a Catch routed the failure there (our definition
 * routes every task failure to PublishFailureSummary → RunFailed). Redrive resumes at the unsuccessful
 * state, which for such an execution is the Fail state itself.
 */
export function endedInFailState(events: HistoryEvent[]): boolean {
  let last: string | null = null;
  let caught = false;
  // A redriven execution can fail more than once: its last failure counts.
  for (const ev of [...events].sort((a, b) => (a.id ?? 0) - (b.id ?? 0))) {
    if (ev.type?.endsWith("StateEntered")) last = ev.type;
    if (ev.type === "ExecutionFailed") caught = last === "FailStateEntered";
  }
  return caught;
}

function errorOf(output: string | undefined): { Error?: string; Cause?: string } | null {
  try {
    const o = JSON.parse(output ?? "null") as { error?: { Error?: string; Cause?: string } } | null;
    return o?.error ?? null;
  } catch {
    return null;
  }
}

/** Glue's StartJobRun answers {JobRunId}; GetJobRun (the .sync result and failure cause) has {Id}. */
export function jobRunId(json: string | undefined): string | null {
  if (!json) return null;
  try {
    const o = JSON.parse(json) as { JobRunId?: unknown; Id?: unknown };
    const id = o.JobRunId ?? o.Id;
    return typeof id === "string" && id.startsWith("jr_") ? id : null;
  } catch {
    return null;
  }
}

/** A readable message from an error name and a cause that may be JSON (Lambda, Glue) or text. */
export function describeFailure(error: string | undefined, cause: string | undefined): string {
  const name = error || "Error";
  if (!cause) return name;
  let text = cause;
  try {
    const o = JSON.parse(cause) as Record<string, unknown>;
    if (typeof o.Status === "string" && o.JobRunState === undefined) {
      // A crawler's LastCrawl (CrawlXFailed): FAILED or CANCELLED, its message and log stream.
      const log = typeof o.LogGroup === "string" ? ` (log ${o.LogGroup}${typeof o.LogStream === "string" ? `/${o.LogStream}` : ""})` : "";
      text = `crawl ${o.Status}${typeof o.ErrorMessage === "string" ? `: ${o.ErrorMessage}` : ""}${log}`;
    } else if (typeof o.ErrorMessage === "string") {
      // A Glue JobRun: FAILED, TIMEOUT, STOPPED, ERROR.
      const state = typeof o.JobRunState === "string" ? o.JobRunState : "FAILED";
      text = `Glue job run ${String(o.Id ?? "")} ${state}: ${o.ErrorMessage}`.replace("run  ", "run ");
    } else if (typeof o.JobRunState === "string") {
      text = `Glue job run ${String(o.Id ?? "")} ${o.JobRunState}`;
    } else if (typeof o.errorMessage === "string") {
      // A Lambda error: the state's error already is the errorType.
      text = typeof o.errorType === "string" && o.errorType !== name ? `${o.errorType}: ${o.errorMessage}` : o.errorMessage;
    }
  } catch {
    // plain-text cause
  }
  return `${name}: ${text}`;
}
