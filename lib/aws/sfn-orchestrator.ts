import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
} from "@aws-sdk/client-sfn";
import { AppError } from "../errors";
import {
  attemptsSoFar,
  executionNumber,
  parseExecutionInput,
  resumePoint,
  retryExecutionName,
  stepsOfRetry,
  type ExecutionInput,
} from "../backend/resume";
import { executionNameFor, isExecutionName } from "../backend/execution-name";
import type { ExecutionInfo, Orchestrator, StartRequest } from "../backend/types";
import { errorName, withRetry, type RetryOptions } from "./retry";
import { endedInFailState, runStatusOf, stepsFromHistory, summaryOf } from "./sfn-history";

/** Execution names allow 1–80 of [A-Za-z0-9_-]; batch ids are already limited to that alphabet. */

/** arn:aws:states:r:acct:stateMachine:sm  →  arn:aws:states:r:acct:execution:sm:name */
export function executionArnFor(stateMachineArn: string, name: string): string {
  const parts = stateMachineArn.split(":");
  if (parts.length < 7 || parts[5] !== "stateMachine") throw new Error(`Not a state machine ARN: ${stateMachineArn}`);
  return [...parts.slice(0, 5), "execution", parts[6], name].join(":");
}

export interface SfnOrchestratorOptions {
  stateMachineArn: string;
  region?: string;
  client?: SFNClient;
  retry?: RetryOptions;
}

export class SfnOrchestrator implements Orchestrator {
  private readonly client: SFNClient;
  private readonly arn: string;

  constructor(private readonly opts: SfnOrchestratorOptions) {
    this.arn = opts.stateMachineArn;
    this.client = opts.client ?? new SFNClient({ region: opts.region });
  }

  private call<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, this.opts.retry);
  }

  /** The app stores execution names (batch-…); Step Functions wants ARNs. Both are accepted. */
  arnOf(executionId: string): string {
    if (executionId.startsWith("arn:")) return executionId;
    if (!isExecutionName(executionId)) throw new AppError(400, "bad_execution_id", `Not an execution name or ARN: ${executionId}`);
    return executionArnFor(this.arn, executionId);
  }

  async start(req: StartRequest): Promise<{ executionId: string }> {
    const name = req.name ?? executionNameFor(req.batchId);
    if (!isExecutionName(name)) throw new AppError(400, "bad_execution_name", `Invalid execution name: ${name}`);
    return { executionId: await this.startNamed(name, { manifestKey: req.manifestKey }) };
  }

  /** StartExecution, idempotent on the name: an existing execution of that name is the answer. */
  private async startNamed(name: string, input: ExecutionInput): Promise<string> {
    try {
      const res = await this.call(() => this.client.send(new StartExecutionCommand({ stateMachineArn: this.arn, name, input: JSON.stringify(input) })));
      return res.executionArn ?? executionArnFor(this.arn, name);
    } catch (e) {
      // The EventBridge-triggered Lambda (or an earlier call, e.g. a second click on Retry) already started it.
      if (errorName(e) === "ExecutionAlreadyExists") return executionArnFor(this.arn, name);
      throw e;
    }
  }

  async findExecutionForBatch(batchId: string): Promise<string | null> {
    const arn = executionArnFor(this.arn, executionNameFor(batchId));
    try {
      await this.call(() => this.client.send(new DescribeExecutionCommand({ executionArn: arn })));
      return arn;
    } catch (e) {
      if (errorName(e) === "ExecutionDoesNotExist") return null;
      throw e;
    }
  }

  async describe(executionId: string): Promise<ExecutionInfo> {
    const { arn, desc, events } = await this.load(executionId);
    return toExecutionInfo(arn, desc, events);
  }

  /**
   * Retries from the failed step. Step Functions' RedriveExecution resumes at the *unsuccessful state*:
   * right for an uncaught failure, a timeout or an abort (the state that was running), but a failure a
   * Catch routed to RunFailed would resume at that Fail state and fail again, and a partial or held run
   * ended SUCCEEDED, which cannot be redriven. Those start a new execution that resumes the run at its
   * failed step (the ASL's ResumeAt choice), named `<run name>-r<n>`: a held run at
   * Job3CuratedToDatabase, which publishes the month it staged past the gate ("Publish anyway").
   */
  async redrive(executionId: string): Promise<{ executionId: string }> {
    const { arn, desc, events } = await this.load(executionId);
    const inPlace = desc.status === "TIMED_OUT" || desc.status === "ABORTED" || (desc.status === "FAILED" && !endedInFailState(events));
    if (inPlace) {
      await this.redriveInPlace(arn);
      return { executionId: arn };
    }
    const info = toExecutionInfo(arn, desc, events);
    const from = resumePoint(info.status, info.steps);
    if (!from) throw new AppError(409, "not_redrivable", `Execution ${info.name} is ${info.status}: only a failed or partial execution can be retried.`);
    const input = parseExecutionInput(desc.input);
    if (!input) throw new AppError(409, "not_redrivable", `Execution ${info.name} was not started with a batch manifest key; re-run the batch instead.`);
    const runName = input.run?.name ?? info.name;
    const name = retryExecutionName(runName, executionNumber(runName, info.name) + 1);
    const retry: ExecutionInput = { manifestKey: input.manifestKey, resumeFrom: from, run: { name: runName, attempts: attemptsSoFar(info.steps) } };
    return { executionId: await this.startNamed(name, retry) };
  }

  private async redriveInPlace(arn: string): Promise<void> {
    try {
      await this.call(() => this.client.send(new RedriveExecutionCommand({ executionArn: arn })));
    } catch (e) {
      const name = errorName(e);
      if (name === "ExecutionNotRedrivable") {
        throw new AppError(409, "not_redrivable", `The execution cannot be redriven: ${(e as Error).message}`);
      }
      throw e;
    }
  }

  private async load(executionId: string): Promise<{ arn: string; desc: DescribeExecutionCommandOutput; events: HistoryEvent[] }> {
    const arn = this.arnOf(executionId);
    let desc;
    try {
      desc = await this.call(() => this.client.send(new DescribeExecutionCommand({ executionArn: arn })));
    } catch (e) {
      if (errorName(e) === "ExecutionDoesNotExist") throw new AppError(404, "execution_not_found", `No execution ${executionId}`);
      throw e;
    }
    return { arn, desc, events: await this.history(arn) };
  }

  /** Every page of the history, oldest first, with task inputs/outputs (the Glue job run ids live there). */
  private async history(executionArn: string): Promise<HistoryEvent[]> {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.call(() =>
        this.client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken, includeExecutionData: true })),
      );
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  }
}

/** The app's view of an execution; a retry execution reports the steps it skipped as the run's. */
function toExecutionInfo(arn: string, desc: DescribeExecutionCommandOutput, events: HistoryEvent[]): ExecutionInfo {
  const { steps, error } = stepsFromHistory(events, desc.status);
  const status = runStatusOf(desc.status, desc.output);
  const input = parseExecutionInput(desc.input);
  const resumedFrom = input?.run && input.resumeFrom && input.resumeFrom !== "ValidateBatch" ? input.resumeFrom : null;
  return {
    executionId: arn,
    name: desc.name ?? arn.split(":").pop() ?? arn,
    status,
    startedAt: desc.startDate ?? new Date(0),
    endedAt: desc.stopDate ?? null,
    // A held or partial run says why, as the local runner does (the summary's error).
    error: status === "failed" ? (error ?? describeExecutionError(desc.error, desc.cause)) : status === "held" || status === "partial" ? (summaryOf(desc.output)?.error ?? null) : null,
    steps: resumedFrom && input?.run ? stepsOfRetry(steps, resumedFrom, input.run.attempts) : steps,
    resumedFrom,
  };
}

function describeExecutionError(error: string | undefined, cause: string | undefined): string | null {
  if (!error && !cause) return null;
  return [error, cause].filter(Boolean).join(": ");
}
