/**
 * A stand-in for Step Functions behind aws-sdk-client-mock. It walks the real
 * infra/state-machine.asl.json (Task, Pass, Wait, Choice, Fail; Retry, Catch, ResultSelector, ResultPath) and
 * records history events shaped as GetExecutionHistory documents them, so the orchestrator is tested
 * against the definition Terraform deploys. Redrive follows AWS: it resumes at the unsuccessful state.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ExecutionNotRedrivable,
  GetExecutionHistoryCommand,
  RedriveExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  type HistoryEvent,
} from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { HELD } from "@/lib/aws/lambdas/publish-summary";
import type { GateFinding } from "@/lib/contracts/gate";
import { throttling } from "./aws-error";

export const STATE_MACHINE_ARN = "arn:aws:states:eu-west-1:123456789012:stateMachine:shoplake-pipeline";

type Json = Record<string, unknown>;
interface AslState {
  Type: string;
  Resource?: string;
  Parameters?: Json;
  ResultSelector?: Json;
  ResultPath?: string | null;
  Next?: string;
  End?: boolean;
  Seconds?: number;
  Retry?: { ErrorEquals: string[]; MaxAttempts?: number }[];
  Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string }[];
  Choices?: (ChoiceRule & { Next: string })[];
  Default?: string;
  Error?: string;
  Cause?: string;
}

interface ChoiceRule {
  Variable?: string;
  StringEquals?: string;
  BooleanEquals?: boolean;
  IsPresent?: boolean;
  And?: ChoiceRule[];
  Not?: ChoiceRule;
}

/** A Choice rule that compares a field which is not there: Step Functions fails the execution (States.Runtime). */
class MissingVariable extends Error {}

/** What a task attempt does. */
export type Outcome =
  | { ok: true }
  | { ok: false; kind: "glue-failed" | "glue-timeout"; message: string }
  | { ok: false; kind: "lambda-error"; errorType: string; message: string }
  | { ok: false; kind: "error"; error: string; cause?: string }
  /** The execution stops here: timed out, aborted, or still running (the walk pauses). */
  | { stop: "timed_out" | "aborted" | "running" };

export interface Plan {
  /** Outcome of attempt n (1-based) of a state; default: success. */
  outcome?: (state: string, attempt: number) => Outcome | undefined;
  /** GetCrawler polls answering RUNNING before READY. */
  crawlPolls?: number;
  /** How each crawl ends (LastCrawl.Status once READY); default SUCCEEDED. */
  crawlStatus?: (checkState: string) => "SUCCEEDED" | "FAILED" | "CANCELLED";
  /** The crawler never crawled before: no LastCrawl until this crawl ends. */
  firstCrawl?: boolean;
  /** The QualityGate function's answer; default: the gate passes. */
  gate?: { held: boolean; failed: GateFinding[] };
  /**
   * Execution output's summary status on success (PublishRunSummary's answer); default: "held" when the
   * state's input carries a held gate decision (as the function decides), else "succeeded".
   */
  summaryStatus?: "succeeded" | "partial" | "held";
}

interface Exec {
  arn: string;
  name: string;
  input: string;
  status: "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";
  startDate: Date;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
  events: HistoryEvent[];
  /** Where a redrive resumes and with what data. */
  resumeAt: string | null;
  data: Json;
  plan: Plan;
  attempts: Map<string, number>;
  /** A task attempt paused by a "running" outcome. */
  inflight: { runId: string | null; attempt: number } | null;
  clock: number;
  redriveCount: number;
  /** Each task state's resolved Parameters, in order (what the Glue jobs and Lambdas were given). */
  parameters: { state: string; parameters: Json }[];
}

export const ASL_PATH = path.resolve(import.meta.dirname, "../../../infra/state-machine.asl.json");

export class FakeSfn {
  readonly client = new SFNClient({ region: "eu-west-1", credentials: { accessKeyId: "x", secretAccessKey: "y" } });
  readonly mock = mockClient(this.client);
  readonly executions = new Map<string, Exec>();
  /** Plans by execution name; executions without one succeed. */
  readonly plans = new Map<string, Plan>();
  pageSize = 7;
  calls: Record<string, number> = {};
  private throttles: Record<string, number> = {};
  private failures: Record<string, Error[]> = {};
  private readonly asl: { StartAt: string; States: Record<string, AslState> };
  private jobRun = 0;

  constructor(aslPath = ASL_PATH) {
    this.asl = JSON.parse(readFileSync(aslPath, "utf8"));
    this.mock.on(StartExecutionCommand).callsFake((input) => this.guard("StartExecution", () => this.start(input.name!, input.input ?? "{}")));
    this.mock.on(DescribeExecutionCommand).callsFake((input) => this.guard("DescribeExecution", () => this.describe(input.executionArn!)));
    this.mock
      .on(GetExecutionHistoryCommand)
      .callsFake((input) => this.guard("GetExecutionHistory", () => this.history(input.executionArn!, input.nextToken, input.maxResults)));
    this.mock.on(RedriveExecutionCommand).callsFake((input) => this.guard("RedriveExecution", () => this.redrive(input.executionArn!)));
  }

  /** The next n calls of the operation fail with ThrottlingException. */
  throttle(op: string, n: number): void {
    this.throttles[op] = n;
  }

  /** The next calls of the operation fail with these errors, in order (after any throttling). */
  failNext(op: string, ...errors: Error[]): void {
    this.failures[op] = [...(this.failures[op] ?? []), ...errors];
  }

  arnOf(name: string): string {
    return STATE_MACHINE_ARN.replace(":stateMachine:", ":execution:") + `:${name}`;
  }

  private async guard<T>(op: string, fn: () => T): Promise<T> {
    this.calls[op] = (this.calls[op] ?? 0) + 1;
    if ((this.throttles[op] ?? 0) > 0) {
      this.throttles[op]! -= 1;
      throw throttling();
    }
    const failure = this.failures[op]?.shift();
    if (failure) throw failure;
    return fn();
  }

  private start(name: string, input: string) {
    const arn = this.arnOf(name);
    const existing = this.executions.get(arn);
    // AWS: same name + same input while running is idempotent; anything else is ExecutionAlreadyExists.
    if (existing && !(existing.status === "RUNNING" && existing.input === input)) {
      throw new ExecutionAlreadyExists({ message: `Execution Already Exists: '${arn}'`, $metadata: { httpStatusCode: 400 } });
    }
    if (existing) return { executionArn: arn, startDate: existing.startDate };
    // Each execution starts an hour after the previous one, so a retry's dates differ from the first's.
    const startMs = Date.UTC(2025, 11, 1, 8, 0, 0) + this.executions.size * 3_600_000;
    const ex: Exec = {
      arn,
      name,
      input,
      status: "RUNNING",
      startDate: new Date(startMs),
      events: [],
      resumeAt: null,
      data: JSON.parse(input) as Json,
      plan: this.plans.get(name) ?? {},
      attempts: new Map(),
      inflight: null,
      clock: startMs,
      redriveCount: 0,
      parameters: [],
    };
    this.executions.set(arn, ex);
    this.emit(ex, "ExecutionStarted", { executionStartedEventDetails: { input, roleArn: "arn:aws:iam::123456789012:role/sfn" } });
    this.walk(ex, this.asl.StartAt);
    return { executionArn: arn, startDate: ex.startDate };
  }

  private describe(arn: string) {
    const ex = this.executions.get(arn);
    if (!ex) throw new ExecutionDoesNotExist({ message: `Execution Does Not Exist: '${arn}'`, $metadata: { httpStatusCode: 400 } });
    return {
      executionArn: ex.arn,
      stateMachineArn: STATE_MACHINE_ARN,
      name: ex.name,
      status: ex.status,
      startDate: ex.startDate,
      stopDate: ex.stopDate,
      input: ex.input,
      output: ex.output,
      error: ex.error,
      cause: ex.cause,
      redriveCount: ex.redriveCount,
      redriveStatus: ex.status === "RUNNING" || ex.status === "SUCCEEDED" ? "NOT_REDRIVABLE" : "REDRIVABLE",
    };
  }

  private history(arn: string, token: string | undefined, maxResults: number | undefined) {
    const ex = this.executions.get(arn);
    if (!ex) throw new ExecutionDoesNotExist({ message: `Execution Does Not Exist: '${arn}'`, $metadata: { httpStatusCode: 400 } });
    const size = Math.min(this.pageSize, maxResults ?? 1000);
    const from = token ? Number(Buffer.from(token, "base64").toString()) : 0;
    const to = from + size;
    return { events: ex.events.slice(from, to), nextToken: to < ex.events.length ? Buffer.from(String(to)).toString("base64") : undefined };
  }

  private redrive(arn: string) {
    const ex = this.executions.get(arn);
    if (!ex) throw new ExecutionDoesNotExist({ message: `Execution Does Not Exist: '${arn}'`, $metadata: { httpStatusCode: 400 } });
    if (ex.status === "RUNNING" || ex.status === "SUCCEEDED" || !ex.resumeAt) {
      throw new ExecutionNotRedrivable({ message: `Execution is ${ex.status} and cannot be redriven`, $metadata: { httpStatusCode: 400 } });
    }
    ex.redriveCount += 1;
    ex.status = "RUNNING";
    ex.stopDate = undefined;
    ex.error = ex.cause = undefined;
    ex.plan = this.plans.get(`${ex.name}#redrive`) ?? {};
    ex.attempts.clear();
    ex.inflight = null;
    this.emit(ex, "ExecutionRedriven", { executionRedrivenEventDetails: { redriveCount: ex.redriveCount } });
    const at = ex.resumeAt;
    ex.resumeAt = null;
    this.walk(ex, at);
    return { redriveDate: new Date(ex.clock) };
  }

  /** Continues a paused ("running") execution with a new plan. */
  resume(name: string, plan: Plan = {}): void {
    const ex = this.executions.get(this.arnOf(name));
    if (!ex?.resumeAt || ex.status !== "RUNNING") throw new Error(`${name} is not paused`);
    ex.plan = plan;
    const at = ex.resumeAt;
    ex.resumeAt = null;
    this.walk(ex, at, true);
  }

  private context(ex: Exec): Json {
    return { Execution: { Id: ex.arn, Name: ex.name, Input: JSON.parse(ex.input) as Json } };
  }

  private emit(ex: Exec, type: string, details: Json = {}, advanceMs = 1000): void {
    ex.clock += advanceMs;
    const id = ex.events.length + 1;
    ex.events.push({ id, previousEventId: id - 1, timestamp: new Date(ex.clock), type, ...details } as HistoryEvent);
  }

  private walk(ex: Exec, startAt: string, alreadyEntered = false): void {
    let name: string | null = startAt;
    let entered = alreadyEntered;
    while (name) {
      const st: AslState = this.asl.States[name]!;
      const kind = st.Type;
      const input = JSON.stringify(ex.data);
      if (!entered) this.emit(ex, `${kind}StateEntered`, { stateEnteredEventDetails: { name, input } });
      entered = false;
      if (kind === "Wait") {
        this.emit(ex, "WaitStateExited", { stateExitedEventDetails: { name, output: input } }, (st.Seconds ?? 0) * 1000);
        name = st.Next ?? null;
        continue;
      }
      if (kind === "Choice") {
        let hit;
        try {
          hit = st.Choices?.find((c) => matches(ex.data, c));
        } catch (e) {
          if (!(e instanceof MissingVariable)) throw e;
          ex.resumeAt = name;
          this.finish(ex, "FAILED", { executionFailedEventDetails: { error: "States.Runtime", cause: e.message } }, "States.Runtime", e.message);
          return;
        }
        this.emit(ex, "ChoiceStateExited", { stateExitedEventDetails: { name, output: input } });
        name = hit?.Next ?? st.Default ?? null;
        continue;
      }
      if (kind === "Pass") {
        try {
          if (st.Parameters) this.applyResult(ex, { ...st, ResultSelector: undefined }, payload(st.Parameters, ex.data, this.context(ex)));
        } catch (e) {
          if (!(e instanceof MissingVariable)) throw e;
          ex.resumeAt = name;
          this.finish(ex, "FAILED", { executionFailedEventDetails: { error: "States.Runtime", cause: e.message } }, "States.Runtime", e.message);
          return;
        }
        this.emit(ex, "PassStateExited", { stateExitedEventDetails: { name, output: JSON.stringify(ex.data) } });
        name = st.Next ?? null;
        continue;
      }
      if (kind === "Fail") {
        ex.resumeAt = name;
        this.finish(ex, "FAILED", { executionFailedEventDetails: { error: st.Error, cause: st.Cause } }, st.Error, st.Cause);
        return;
      }
      if (kind !== "Task") throw new Error(`fake-sfn: unsupported state type ${kind}`);
      const next = this.task(ex, name, st);
      if (next === "stop") return;
      name = next;
    }
    ex.output = JSON.stringify(ex.data);
    this.finish(ex, "SUCCEEDED", { executionSucceededEventDetails: { output: ex.output } });
  }

  /** Runs one Task state with its retries; returns the next state, null at End, or "stop". */
  private task(ex: Exec, name: string, st: AslState): string | null | "stop" {
    const resource = st.Resource ?? "";
    const type = resource.includes(":glue:startJobRun") ? "glue" : resource.includes(":lambda:") ? "lambda" : "aws-sdk:glue";
    const res = resource.split(":::").pop() ?? resource;
    let parameters: Json;
    try {
      parameters = payload(st.Parameters ?? {}, ex.data, this.context(ex));
    } catch (e) {
      if (!(e instanceof MissingVariable)) throw e;
      ex.resumeAt = name;
      this.finish(ex, "FAILED", { executionFailedEventDetails: { error: "States.Runtime", cause: e.message } }, "States.Runtime", e.message);
      return "stop";
    }
    ex.parameters.push({ state: name, parameters });
    for (;;) {
      let runId: string | null;
      let attempt: number;
      if (ex.inflight) {
        // Resuming a paused attempt: it was scheduled (and submitted) before the pause.
        ({ runId, attempt } = ex.inflight);
        ex.inflight = null;
      } else {
        attempt = (ex.attempts.get(name) ?? 0) + 1;
        ex.attempts.set(name, attempt);
        this.emit(ex, "TaskScheduled", { taskScheduledEventDetails: { resourceType: type, resource: res, region: "eu-west-1", parameters: JSON.stringify(parameters) } });
        this.emit(ex, "TaskStarted", { taskStartedEventDetails: { resourceType: type, resource: res } });
        runId = type === "glue" ? `jr_${(++this.jobRun).toString(16).padStart(64, "0")}` : null;
        if (runId) this.emit(ex, "TaskSubmitted", { taskSubmittedEventDetails: { resourceType: type, resource: res, output: JSON.stringify({ JobRunId: runId }) } });
      }
      const outcome = this.outcomeFor(ex, name, attempt);
      if ("stop" in outcome) {
        ex.resumeAt = name;
        if (outcome.stop === "running") {
          ex.inflight = { runId, attempt };
          return "stop";
        }
        if (outcome.stop === "timed_out") {
          this.finish(ex, "TIMED_OUT", { executionTimedOutEventDetails: { error: "States.Timeout", cause: "The execution timed out" } }, "States.Timeout");
        } else {
          this.finish(ex, "ABORTED", { executionAbortedEventDetails: { error: "Aborted", cause: "Stopped by user" } }, "Aborted");
        }
        return "stop";
      }
      if (outcome.ok) {
        const raw = this.rawOutput(ex, name, type, runId);
        this.emit(ex, "TaskSucceeded", { taskSucceededEventDetails: { resourceType: type, resource: res, output: JSON.stringify(raw) } });
        try {
          this.applyResult(ex, st, raw);
        } catch (e) {
          if (!(e instanceof MissingVariable)) throw e;
          ex.resumeAt = name;
          this.finish(ex, "FAILED", { executionFailedEventDetails: { error: "States.Runtime", cause: e.message } }, "States.Runtime", e.message);
          return "stop";
        }
        this.emit(ex, "TaskStateExited", { stateExitedEventDetails: { name, output: JSON.stringify(ex.data) } });
        return st.End ? null : (st.Next ?? null);
      }
      const { error, cause } = failureOf(outcome, runId, st);
      this.emit(ex, "TaskFailed", { taskFailedEventDetails: { resourceType: type, resource: res, error, cause } });
      // States.Runtime is neither retried nor caught (ASL spec).
      const retrier = error === "States.Runtime" ? undefined : st.Retry?.find((r) => r.ErrorEquals.includes(error) || r.ErrorEquals.includes("States.ALL"));
      if (retrier && attempt < 1 + (retrier.MaxAttempts ?? 3)) continue;
      const catcher = error === "States.Runtime" ? undefined : st.Catch?.find((c) => c.ErrorEquals.includes(error) || c.ErrorEquals.includes("States.ALL"));
      if (catcher) {
        if (catcher.ResultPath) set(ex.data, catcher.ResultPath, { Error: error, Cause: cause });
        this.emit(ex, "TaskStateExited", { stateExitedEventDetails: { name, output: JSON.stringify(ex.data) } });
        return catcher.Next;
      }
      ex.resumeAt = name;
      this.finish(ex, "FAILED", { executionFailedEventDetails: { error, cause } }, error, cause);
      return "stop";
    }
  }

  private outcomeFor(ex: Exec, name: string, attempt: number): Outcome {
    const planned = ex.plan.outcome?.(name, attempt);
    if (planned) return planned;
    return { ok: true };
  }

  private rawOutput(ex: Exec, name: string, type: string, runId: string | null): Json {
    if (type === "glue") {
      return { Id: runId, JobName: `shoplake-${name}`, JobRunState: "SUCCEEDED", ExecutionTime: 42, StartedOn: 1733040000000, CompletedOn: 1733040042000 };
    }
    if (type === "lambda") {
      const m = /batch=([A-Za-z0-9_-]+)\.json$/.exec(String(ex.data.manifestKey ?? ""));
      const month = /month=(\d{4}-\d{2})/.exec(String(ex.data.manifestKey ?? ""))?.[1] ?? "2025-11";
      let payload: Json;
      if (name === "ValidateBatch") payload = { batchId: m?.[1] ?? "b", month, tables: ["orders"] };
      else if (name === "QualityGate") payload = ex.plan.gate ?? { held: false, failed: [] };
      else {
        const held = (ex.data.gate as { held?: boolean } | undefined)?.held === true;
        const status = ex.plan.summaryStatus ?? (held ? "held" : "succeeded");
        payload = { status, error: status === "held" ? HELD : status === "partial" ? "reviews: missing required column rating" : null };
      }
      return { ExecutedVersion: "$LATEST", StatusCode: 200, Payload: payload };
    }
    if (name.endsWith("Check")) {
      const polls = ex.attempts.get(`${name}#polls`) ?? 0;
      ex.attempts.set(`${name}#polls`, polls + 1);
      const running = polls < (ex.plan.crawlPolls ?? 1);
      const status = ex.plan.crawlStatus?.(name) ?? "SUCCEEDED";
      // GetCrawler: LastCrawl describes the previous crawl while one runs, this one once it is READY.
      const lastCrawl = running
        ? ex.plan.firstCrawl
          ? undefined
          : { Status: "SUCCEEDED", LogGroup: "/aws-glue/crawlers", LogStream: name, StartTime: 1733000000000 }
        : { Status: status, LogGroup: "/aws-glue/crawlers", LogStream: name, StartTime: 1733040000000, ...(status === "FAILED" ? { ErrorMessage: "Service Principal: glue.amazonaws.com is not authorized to perform: s3:GetObject" } : {}) };
      return { Crawler: { Name: name, State: running ? "RUNNING" : "READY", ...(lastCrawl ? { LastCrawl: lastCrawl } : {}) } };
    }
    return {};
  }

  private applyResult(ex: Exec, st: AslState, raw: Json): void {
    if (st.ResultPath === null) return;
    let result: unknown = raw;
    if (st.ResultSelector) {
      // Like Parameters: a path that selects nothing is a runtime error.
      result = payload(st.ResultSelector, raw, {});
    }
    if (st.ResultPath) set(ex.data, st.ResultPath, result);
    else ex.data = result as Json;
  }

  private finish(ex: Exec, status: Exec["status"], details: Json, error?: string, cause?: string): void {
    ex.status = status;
    const type = { SUCCEEDED: "ExecutionSucceeded", FAILED: "ExecutionFailed", TIMED_OUT: "ExecutionTimedOut", ABORTED: "ExecutionAborted", RUNNING: "" }[status];
    this.emit(ex, type, details);
    ex.stopDate = new Date(ex.clock);
    ex.error = error;
    ex.cause = cause;
  }
}

function failureOf(o: Extract<Outcome, { ok: false }>, runId: string | null, st: AslState): { error: string; cause: string } {
  switch (o.kind) {
    case "glue-failed":
    case "glue-timeout": {
      const state = o.kind === "glue-failed" ? "FAILED" : "TIMEOUT";
      const jobRun = { Id: runId, JobName: String(st.Parameters?.JobName ?? ""), JobRunState: state, ErrorMessage: o.message, ExecutionTime: 1800 };
      return { error: "States.TaskFailed", cause: JSON.stringify(jobRun) };
    }
    case "lambda-error":
      return { error: o.errorType, cause: JSON.stringify({ errorMessage: o.message, errorType: o.errorType, trace: [`${o.errorType}: ${o.message}`] }) };
    case "error":
      return { error: o.error, cause: o.cause ?? "" };
  }
}

function matches(data: Json, rule: ChoiceRule): boolean {
  if (rule.And) return rule.And.every((r) => matches(data, r));
  if (rule.Not) return !matches(data, rule.Not);
  const value = get(data, rule.Variable ?? "$");
  if (rule.IsPresent !== undefined) return (value !== undefined) === rule.IsPresent;
  if (value === undefined) throw new MissingVariable(`Invalid path '${rule.Variable}': The choice state's condition path references an invalid value.`);
  if (rule.StringEquals !== undefined) return value === rule.StringEquals;
  if (rule.BooleanEquals !== undefined) {
    // Comparing a value of another type is no match (AWS compares types too).
    return typeof value === "boolean" && value === rule.BooleanEquals;
  }
  throw new Error(`fake-sfn: unsupported choice rule ${JSON.stringify(rule)}`);
}

/**
 * A payload template (Parameters): keys ending in `.$` take a path of the input, or of the context
 * object (`$$.`); a path that selects nothing is a runtime error, as in Step Functions.
 */
function payload(template: Json, data: Json, context: Json): Json {
  return Object.fromEntries(
    Object.entries(template).map(([k, v]) => {
      if (!k.endsWith(".$")) return [k, v !== null && typeof v === "object" && !Array.isArray(v) ? payload(v as Json, data, context) : v];
      const p = String(v);
      const fn = /^States\.JsonToString\((\$[^)]*)\)$/.exec(p);
      if (fn) {
        const arg = get(data, fn[1]!);
        if (arg === undefined) throw new MissingVariable(`The JSONPath '${fn[1]}' in ${p} could not be found in the input`);
        return [k.slice(0, -2), JSON.stringify(arg)];
      }
      if (/^States\./.test(p)) throw new Error(`fake-sfn: unsupported intrinsic ${p}`);
      const value = p.startsWith("$$.") ? get(context, p.slice(1)) : get(data, p);
      if (value === undefined) throw new MissingVariable(`The JSONPath '${p}' specified for the field '${k}' could not be found in the input`);
      return [k.slice(0, -2), value];
    }),
  );
}

function get(obj: unknown, p: string): unknown {
  let cur: unknown = obj;
  for (const k of p.replace(/^\$\.?/, "").split(".").filter(Boolean)) cur = (cur as Json | undefined)?.[k];
  return cur;
}

function set(obj: Json, p: string, value: unknown): void {
  const keys = p.replace(/^\$\.?/, "").split(".").filter(Boolean);
  let cur = obj;
  keys.slice(0, -1).forEach((k) => {
    cur[k] = (cur[k] as Json | undefined) ?? {};
    cur = cur[k] as Json;
  });
  cur[keys[keys.length - 1]!] = value;
}
