import type { HistoryEvent } from "@aws-sdk/client-sfn";
import { STEP_NAMES, type ExecutionStep } from "../backend/types";
import type { RunStatus, StepStatus } from "../contracts/status";

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

interface StepState {
  name: string;
  status: StepStatus;
  startedAt: Date | null;
  endedAt: Date | null;
  error: string | null;
  externalId: string | null;
  attempt: number;
  /** The last task of this step failed and no retry followed (yet). */
  pendingFailure: string | null;
}

export interface HistorySummary {
  steps: ExecutionStep[];
  /** The most useful failure message: the failed step's, else the execution's. */
  error: string | null;
}

export function stepsFromHistory(events: HistoryEvent[], executionStatus: ExecutionStatus | undefined): HistorySummary {
  const states = new Map<string, StepState>(
    STEP_NAMES.map((name) => [name, { name, status: "pending", startedAt: null, endedAt: null, error: null, externalId: null, attempt: 0, pendingFailure: null }]),
  );
  let open: StepState | null = null;
  let currentState: string | null = null;
  let executionError: string | null = null;

  const close = (at: Date | undefined, failure?: string | null) => {
    if (!open) return;
    const err = failure ?? open.pendingFailure;
    open.status = err ? "failed" : "succeeded";
    open.error = err ?? null;
    open.endedAt = at ?? null;
    open.pendingFailure = null;
    open = null;
  };

  const sorted = [...events].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  for (const ev of sorted) {
    const type = ev.type ?? "";
    const at = ev.timestamp;

    if (type.endsWith("StateEntered")) {
      const stateName = ev.stateEnteredEventDetails?.name ?? "";
      currentState = stateName;
      const stepName = logicalStep(stateName);
      const step = stepName ? states.get(stepName) ?? null : null;
      if (step !== open) close(at);
      if (step && step !== open) {
        // First entry, or re-entry after a redrive: a new attempt of the step.
        open = step;
        if (step.attempt === 0 || step.status !== "running") {
          step.startedAt = at ?? null;
          step.endedAt = null;
          step.error = null;
          step.status = "running";
        }
      }
      continue;
    }

    const inPrimary = open !== null && currentState === (open as StepState).name;
    switch (type) {
      case "TaskScheduled":
      case "LambdaFunctionScheduled":
        if (open) {
          open.pendingFailure = null;
          // Polling tasks inside a crawl loop are not attempts; the StartCrawler task is.
          if (inPrimary) open.attempt += 1;
        }
        break;
      case "TaskSubmitted":
        if (open && inPrimary) open.externalId = jobRunId(ev.taskSubmittedEventDetails?.output) ?? open.externalId;
        break;
      case "TaskSucceeded":
        if (open && inPrimary) open.externalId = jobRunId(ev.taskSucceededEventDetails?.output) ?? open.externalId;
        if (open) open.pendingFailure = null;
        break;
      case "TaskFailed":
        if (open) {
          if (inPrimary) open.externalId = jobRunId(ev.taskFailedEventDetails?.cause) ?? open.externalId;
          open.pendingFailure = describeFailure(ev.taskFailedEventDetails?.error, ev.taskFailedEventDetails?.cause);
        }
        break;
      case "TaskTimedOut":
        if (open) open.pendingFailure = describeFailure(ev.taskTimedOutEventDetails?.error ?? "States.Timeout", ev.taskTimedOutEventDetails?.cause);
        break;
      case "TaskStartFailed":
        if (open) open.pendingFailure = describeFailure(ev.taskStartFailedEventDetails?.error, ev.taskStartFailedEventDetails?.cause);
        break;
      case "TaskSubmitFailed":
        if (open) open.pendingFailure = describeFailure(ev.taskSubmitFailedEventDetails?.error, ev.taskSubmitFailedEventDetails?.cause);
        break;
      case "LambdaFunctionFailed":
        if (open) open.pendingFailure = describeFailure(ev.lambdaFunctionFailedEventDetails?.error, ev.lambdaFunctionFailedEventDetails?.cause);
        break;
      case "PassStateExited":
        // CrawlXFailed sets $.error ({Error, Cause}) from the crawler's last crawl: the step failed.
        if (open && currentState?.endsWith("Failed")) {
          const err = errorOf(ev.stateExitedEventDetails?.output);
          if (err) open.pendingFailure = describeFailure(err.Error, err.Cause);
        }
        break;
      case "ExecutionSucceeded":
        close(at);
        break;
      case "ExecutionFailed":
        executionError = describeFailure(ev.executionFailedEventDetails?.error, ev.executionFailedEventDetails?.cause);
        close(at, open?.pendingFailure ?? (open ? executionError : null));
        break;
      case "ExecutionTimedOut":
        executionError = describeFailure(ev.executionTimedOutEventDetails?.error ?? "States.Timeout", ev.executionTimedOutEventDetails?.cause ?? "the execution timed out");
        close(at, executionError);
        break;
      case "ExecutionAborted":
        executionError = describeFailure(ev.executionAbortedEventDetails?.error ?? "Aborted", ev.executionAbortedEventDetails?.cause ?? "the execution was stopped");
        close(at, executionError);
        break;
      case "ExecutionRedriven": {
        // The run is live again from the unsuccessful state; reopen its step in case the history
        // continues with the task events without entering the state anew.
        executionError = null;
        const stepName = currentState ? logicalStep(currentState) : null;
        const step = stepName ? states.get(stepName) : undefined;
        if (step) {
          open = step;
          Object.assign(step, { status: "running", endedAt: null, error: null, pendingFailure: null, startedAt: at ?? step.startedAt });
        }
        break;
      }
    }
  }

  const ended = executionStatus !== undefined && executionStatus !== "RUNNING" && executionStatus !== "PENDING_REDRIVE";
  const steps: ExecutionStep[] = [...states.values()].map((s) => ({
    name: s.name,
    status: s.status === "pending" && ended ? "skipped" : s.status,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    error: s.error,
    externalId: s.externalId,
    attempt: Math.max(1, s.attempt),
  }));
  const failedStep = steps.find((s) => s.status === "failed");
  return { steps, error: failedStep ? `${failedStep.name}: ${failedStep.error ?? "failed"}` : executionError };
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
