import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  type HistoryEvent,
} from "@aws-sdk/client-sfn";
import { AppError } from "../errors";
import type { ExecutionInfo, Orchestrator, StartRequest } from "../backend/types";
import { errorName, withRetry, type RetryOptions } from "./retry";
import { runStatusOf, stepsFromHistory } from "./sfn-history";

/** Execution names allow 1–80 of [A-Za-z0-9_-]; batch ids are already limited to that alphabet. */
const NAME = /^[A-Za-z0-9_-]{1,80}$/;

export function executionNameForBatch(batchId: string): string {
  const name = `batch-${batchId}`;
  if (!NAME.test(name)) throw new AppError(400, "bad_batch_id", `Batch id cannot name an execution: ${batchId}`);
  return name;
}

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
    if (!NAME.test(executionId)) throw new AppError(400, "bad_execution_id", `Not an execution name or ARN: ${executionId}`);
    return executionArnFor(this.arn, executionId);
  }

  async start(req: StartRequest): Promise<{ executionId: string }> {
    const name = req.name ?? executionNameForBatch(req.batchId);
    if (!NAME.test(name)) throw new AppError(400, "bad_execution_name", `Invalid execution name: ${name}`);
    try {
      const res = await this.call(() =>
        this.client.send(new StartExecutionCommand({ stateMachineArn: this.arn, name, input: JSON.stringify({ manifestKey: req.manifestKey }) })),
      );
      return { executionId: res.executionArn ?? executionArnFor(this.arn, name) };
    } catch (e) {
      // The EventBridge-triggered Lambda (or an earlier call) already started it: one execution per batch.
      if (errorName(e) === "ExecutionAlreadyExists") return { executionId: executionArnFor(this.arn, name) };
      throw e;
    }
  }

  async findExecutionForBatch(batchId: string): Promise<string | null> {
    const arn = executionArnFor(this.arn, executionNameForBatch(batchId));
    try {
      await this.call(() => this.client.send(new DescribeExecutionCommand({ executionArn: arn })));
      return arn;
    } catch (e) {
      if (errorName(e) === "ExecutionDoesNotExist") return null;
      throw e;
    }
  }

  async describe(executionId: string): Promise<ExecutionInfo> {
    const arn = this.arnOf(executionId);
    let desc;
    try {
      desc = await this.call(() => this.client.send(new DescribeExecutionCommand({ executionArn: arn })));
    } catch (e) {
      if (errorName(e) === "ExecutionDoesNotExist") throw new AppError(404, "execution_not_found", `No execution ${executionId}`);
      throw e;
    }
    const events = await this.history(arn);
    const { steps, error } = stepsFromHistory(events, desc.status);
    const status = runStatusOf(desc.status, desc.output);
    return {
      executionId: arn,
      name: desc.name ?? arn.split(":").pop() ?? arn,
      status,
      startedAt: desc.startDate ?? new Date(0),
      endedAt: desc.stopDate ?? null,
      error: status === "failed" ? (error ?? describeExecutionError(desc.error, desc.cause)) : null,
      steps,
    };
  }

  /**
   * RedriveExecution: Step Functions resumes at the unsuccessful state with the same ARN and name.
   * Note: a failure that a Catch routed to a Fail state makes that Fail state the unsuccessful one, so
   * only uncaught failures (and timed-out or aborted executions) re-run their task on redrive.
   */
  async redrive(executionId: string): Promise<void> {
    const arn = this.arnOf(executionId);
    try {
      await this.call(() => this.client.send(new RedriveExecutionCommand({ executionArn: arn })));
    } catch (e) {
      const name = errorName(e);
      if (name === "ExecutionNotRedrivable") {
        throw new AppError(409, "not_redrivable", `The execution cannot be redriven: ${(e as Error).message}`);
      }
      if (name === "ExecutionDoesNotExist") throw new AppError(404, "execution_not_found", `No execution ${executionId}`);
      throw e;
    }
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

function describeExecutionError(error: string | undefined, cause: string | undefined): string | null {
  if (!error && !cause) return null;
  return [error, cause].filter(Boolean).join(": ");
}
