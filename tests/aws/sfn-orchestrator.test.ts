import { describe, expect, it } from "vitest";
import { ExecutionAlreadyExists, ExecutionLimitExceeded, RedriveExecutionCommand, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { AppError } from "@/lib/errors";
import { executionNameFor } from "@/lib/backend/execution-name";
import { executionArnFor, SfnOrchestrator } from "@/lib/aws/sfn-orchestrator";
import { logicalStep } from "@/lib/aws/sfn-history";
import { orchestratorContract } from "../contracts/orchestrator.contract";
import { fastRetry } from "./fakes/aws-error";
import { FakeSfn, STATE_MACHINE_ARN, type Plan } from "./fakes/fake-sfn";

let seq = 0;
const newId = () => `b${Date.now().toString(36)}${(seq++).toString(36)}`;
const requestFor = (batchId: string) => ({ batchId, month: "2025-11", manifestKey: `raw/_manifests/month=2025-11/batch=${batchId}.json` });

function setup() {
  const fake = new FakeSfn();
  const orchestrator = new SfnOrchestrator({ stateMachineArn: STATE_MACHINE_ARN, client: fake.client, retry: fastRetry });
  const planned = (plan: Plan) => {
    const batchId = newId();
    fake.plans.set(executionNameFor(batchId), plan);
    return requestFor(batchId);
  };
  return { fake, orchestrator, planned };
}

const glueFailsAt = (step: string, message = "ValueError: orders.total is not a decimal"): Plan => ({
  outcome: (s) => (s === step ? { ok: false, kind: "glue-failed", message } : undefined),
});

orchestratorContract("Step Functions (aws-sdk-client-mock, real ASL)", async () => {
  const { fake, orchestrator, planned } = setup();
  return {
    orchestrator,
    newBatch: async () => planned({ crawlPolls: 2 }),
    newFailingBatch: async () => planned(glueFailsAt("Job2ProcessedToCurated")),
    redrivableFailure: async () => {
      // An execution that timed out while Job2 ran: redrive resumes that task.
      const req = planned({ outcome: (s) => (s === "Job2ProcessedToCurated" ? { stop: "timed_out" } : undefined) });
      const { executionId } = await orchestrator.start(req);
      return { executionId };
    },
    // Job 2's Glue run FAILS; the Catch routes it to RunFailed. The retry execution has no plan: it succeeds.
    caughtFailure: async () => orchestrator.start(planned(glueFailsAt("Job2ProcessedToCurated"))),
    settle: async () => {
      void fake; // the fake runs executions synchronously
    },
  };
});

describe("Step Functions orchestrator", () => {
  it("names the execution after the batch and passes the manifest key as input", async () => {
    const { fake, orchestrator } = setup();
    const req = requestFor("abc_123-x");
    const { executionId } = await orchestrator.start(req);
    expect(executionId).toBe(`${STATE_MACHINE_ARN.replace(":stateMachine:", ":execution:")}:batch-abc_123-x`);
    const input = fake.mock.commandCalls(StartExecutionCommand)[0]!.args[0].input;
    expect(input).toEqual({ stateMachineArn: STATE_MACHINE_ARN, name: "batch-abc_123-x", input: JSON.stringify({ manifestKey: req.manifestKey }) });
  });

  it("a second start of a finished batch returns the existing execution (ExecutionAlreadyExists)", async () => {
    const { fake, orchestrator } = setup();
    const req = requestFor(newId());
    const a = await orchestrator.start(req);
    expect(fake.executions.get(a.executionId)!.status).toBe("SUCCEEDED");
    const b = await orchestrator.start(req);
    expect(b.executionId).toBe(a.executionId);
    expect(fake.executions.size).toBe(1);
  });

  it("rejects batch ids that cannot name an execution", async () => {
    const { orchestrator } = setup();
    await expect(orchestrator.start(requestFor("a".repeat(80)))).rejects.toMatchObject({ status: 400 });
    await expect(orchestrator.start(requestFor("bad id!"))).rejects.toBeInstanceOf(AppError);
  });

  it("accepts execution names where the app stores them", async () => {
    const { orchestrator, planned } = setup();
    const req = planned({});
    await orchestrator.start(req);
    const info = await orchestrator.describe(`batch-${req.batchId}`);
    expect(info.executionId).toBe(executionArnFor(STATE_MACHINE_ARN, `batch-${req.batchId}`));
    expect(info.name).toBe(`batch-${req.batchId}`);
  });

  it("reads every page of a long history, through throttling", async () => {
    const { fake, orchestrator, planned } = setup();
    fake.pageSize = 5;
    const req = planned({ crawlPolls: 4 });
    const { executionId } = await orchestrator.start(req);
    fake.throttle("GetExecutionHistory", 2);
    fake.throttle("DescribeExecution", 1);
    fake.calls = {};
    const info = await orchestrator.describe(executionId);
    const events = fake.executions.get(executionId)!.events.length;
    expect(events).toBeGreaterThan(60);
    expect(fake.calls.GetExecutionHistory).toBe(Math.ceil(events / 5) + 2);
    expect(info.status).toBe("succeeded");
    // Four GetCrawler polls and their Wait/Choice states are one logical step with one attempt.
    const crawl = info.steps.find((s) => s.name === "CrawlProcessed")!;
    expect(crawl).toMatchObject({ status: "succeeded", attempt: 1, externalId: null });
    expect(crawl.endedAt!.getTime() - crawl.startedAt!.getTime()).toBeGreaterThanOrEqual(4 * 15_000);
  });

  it("records the Glue job run id of each job step", async () => {
    const { orchestrator, planned } = setup();
    const { executionId } = await orchestrator.start(planned({}));
    const info = await orchestrator.describe(executionId);
    for (const s of info.steps) {
      if (s.name.startsWith("Job")) expect(s.externalId, s.name).toMatch(/^jr_[0-9a-f]{64}$/);
      else expect(s.externalId, s.name).toBeNull();
    }
    const ids = info.steps.filter((s) => s.externalId).map((s) => s.externalId);
    expect(new Set(ids).size).toBe(3);
  });

  it("a failed Glue job: the step carries Glue's ErrorMessage and the job run id", async () => {
    const { orchestrator, planned } = setup();
    const { executionId } = await orchestrator.start(planned(glueFailsAt("Job1RawToProcessed", "Command failed with exit code 1")));
    const info = await orchestrator.describe(executionId);
    const job1 = info.steps.find((s) => s.name === "Job1RawToProcessed")!;
    expect(info.status).toBe("failed");
    expect(job1.status).toBe("failed");
    expect(job1.error).toMatch(/States\.TaskFailed: Glue job run jr_\w+ FAILED: Command failed with exit code 1/);
    expect(job1.externalId).toMatch(/^jr_/);
    expect(info.error).toBe(`Job1RawToProcessed: ${job1.error}`);
    expect(info.steps.slice(2).every((s) => s.status === "skipped")).toBe(true);
  });

  it("a Glue job that hits its timeout fails its step with TIMEOUT", async () => {
    const { orchestrator, planned } = setup();
    const plan: Plan = { outcome: (s) => (s === "Job3CuratedToDatabase" ? { ok: false, kind: "glue-timeout", message: "Job run timed out" } : undefined) };
    const info = await orchestrator.describe((await orchestrator.start(planned(plan))).executionId);
    const job3 = info.steps.find((s) => s.name === "Job3CuratedToDatabase")!;
    expect(job3).toMatchObject({ status: "failed" });
    expect(job3.error).toMatch(/TIMEOUT: Job run timed out/);
    expect(info.steps.find((s) => s.name === "PublishRunSummary")!.status).toBe("skipped");
  });

  it("a transient Glue error is retried by the state machine: one step, attempt 2", async () => {
    const { orchestrator, planned } = setup();
    const plan: Plan = {
      outcome: (s, attempt) =>
        (s === "Job1RawToProcessed" && attempt === 1 ? { ok: false, kind: "error", error: "Glue.ConcurrentRunsExceededException", cause: "Concurrent runs exceeded" } : undefined),
    };
    const info = await orchestrator.describe((await orchestrator.start(planned(plan))).executionId);
    expect(info.status).toBe("succeeded");
    expect(info.steps.find((s) => s.name === "Job1RawToProcessed")).toMatchObject({ status: "succeeded", attempt: 2, error: null });
  });

  it("a Lambda error in ValidateBatch shows its errorType and message", async () => {
    const { orchestrator, planned } = setup();
    const plan: Plan = {
      outcome: (s) => (s === "ValidateBatch" ? { ok: false, kind: "lambda-error", errorType: "BatchValidationError", message: "orders.csv: 10 bytes in the lake, 12 announced" } : undefined),
    };
    const info = await orchestrator.describe((await orchestrator.start(planned(plan))).executionId);
    expect(info.steps[0]).toMatchObject({ name: "ValidateBatch", status: "failed", error: "BatchValidationError: orders.csv: 10 bytes in the lake, 12 announced" });
  });

  it("a timed-out execution fails the step that was running; later steps are skipped", async () => {
    const { orchestrator, planned } = setup();
    const plan: Plan = { outcome: (s) => (s === "Job3CuratedToDatabase" ? { stop: "timed_out" } : undefined) };
    const info = await orchestrator.describe((await orchestrator.start(planned(plan))).executionId);
    expect(info.status).toBe("failed");
    expect(info.steps.find((s) => s.name === "Job3CuratedToDatabase")).toMatchObject({ status: "failed", error: "States.Timeout: The execution timed out" });
    expect(info.steps.find((s) => s.name === "PublishRunSummary")!.status).toBe("skipped");
    expect(info.endedAt).toBeInstanceOf(Date);
  });

  it("an aborted execution is failed", async () => {
    const { orchestrator, planned } = setup();
    const plan: Plan = { outcome: (s) => (s === "Job2ProcessedToCurated" ? { stop: "aborted" } : undefined) };
    const info = await orchestrator.describe((await orchestrator.start(planned(plan))).executionId);
    expect(info.status).toBe("failed");
    expect(info.steps.find((s) => s.name === "Job2ProcessedToCurated")!.error).toMatch(/Aborted/);
  });

  it("a running execution: current step running, later ones pending; then it finishes", async () => {
    const { fake, orchestrator, planned } = setup();
    const req = planned({ outcome: (s) => (s === "Job2ProcessedToCurated" ? { stop: "running" } : undefined) });
    const { executionId } = await orchestrator.start(req);
    const live = await orchestrator.describe(executionId);
    expect(live.status).toBe("running");
    expect(live.endedAt).toBeNull();
    expect(live.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded", "running", "pending", "pending", "pending", "pending", "pending"]);
    expect(live.steps[2]!.externalId).toMatch(/^jr_/);
    fake.resume(`batch-${req.batchId}`);
    const done = await orchestrator.describe(executionId);
    expect(done.status).toBe("succeeded");
    expect(done.steps[2]!.externalId).toBe(live.steps[2]!.externalId);
  });

  it("a succeeded execution whose summary says partial is partial", async () => {
    const { orchestrator, planned } = setup();
    const info = await orchestrator.describe((await orchestrator.start(planned({ summaryStatus: "partial" }))).executionId);
    expect(info.status).toBe("partial");
  });

  it("describe returns app types only (no SDK fields)", async () => {
    const { orchestrator, planned } = setup();
    const info = await orchestrator.describe((await orchestrator.start(planned({}))).executionId);
    expect(Object.keys(info).sort()).toEqual(["endedAt", "error", "executionId", "name", "resumedFrom", "startedAt", "status", "steps"]);
    expect(Object.keys(info.steps[0]!).sort()).toEqual(["attempt", "endedAt", "error", "externalId", "name", "startedAt", "status"]);
  });

  it.each(["FAILED", "CANCELLED"] as const)("a crawl that ends %s fails its step with the crawler's message; the next crawl never runs", async (status) => {
    const { fake, orchestrator, planned } = setup();
    const { executionId } = await orchestrator.start(planned({ crawlPolls: 2, crawlStatus: (st) => (st === "CrawlProcessedCheck" ? status : "SUCCEEDED") }));
    const ex = fake.executions.get(executionId)!;
    expect(ex.status).toBe("FAILED");
    expect(ex.events.some((e) => e.stateEnteredEventDetails?.name === "CrawlCurated")).toBe(false);
    // PublishFailureSummary is given the cause, which it writes into the run summary.
    const summaryInput = ex.parameters.find((p) => p.state === "PublishFailureSummary")!.parameters.Payload as { input: { error: { Error: string; Cause: string } } };
    expect(summaryInput.input.error.Error).toBe("Glue.CrawlerFailed");
    expect(JSON.parse(summaryInput.input.error.Cause)).toMatchObject({ Status: status, LogGroup: "/aws-glue/crawlers" });
    const info = await orchestrator.describe(executionId);
    const crawl = info.steps.find((s) => s.name === "CrawlProcessed")!;
    expect(crawl.status).toBe("failed");
    expect(crawl.error).toMatch(new RegExp(`^Glue\\.CrawlerFailed: crawl ${status}`));
    if (status === "FAILED") expect(crawl.error).toMatch(/not authorized to perform: s3:GetObject/);
    expect(info.steps.find((s) => s.name === "CrawlCurated")!.status).toBe("skipped");
    // The month was published before the crawl: a retry crawls again, it does not publish again.
    const { executionId: retried } = await orchestrator.redrive(executionId);
    expect(JSON.parse(fake.mock.commandCalls(StartExecutionCommand).at(-1)!.args[0].input.input!).resumeFrom).toBe("CrawlProcessed");
    expect(fake.executions.get(retried)!.status).toBe("SUCCEEDED");
    expect(fake.executions.get(retried)!.events.some((e) => e.stateEnteredEventDetails?.name === "Job3CuratedToDatabase")).toBe(false);
  });

  it("the curated crawl too; and a crawler's very first crawl (no LastCrawl while it runs) passes", async () => {
    const { fake, orchestrator, planned } = setup();
    const failed = await orchestrator.start(planned({ crawlStatus: (st) => (st === "CrawlCuratedCheck" ? "FAILED" : "SUCCEEDED") }));
    const info = await orchestrator.describe(failed.executionId);
    expect(info.steps.find((s) => s.name === "CrawlCurated")!.status).toBe("failed");
    expect(info.steps.find((s) => s.name === "PublishRunSummary")!.status).toBe("skipped");
    const first = await orchestrator.start(planned({ crawlPolls: 3, firstCrawl: true }));
    expect(fake.executions.get(first.executionId)!.status).toBe("SUCCEEDED");
  });

  it("maps the crawl loop states onto one logical step", () => {
    expect(["CrawlProcessed", "CrawlProcessedWait", "CrawlProcessedCheck", "CrawlProcessedDone", "CrawlProcessedFailed"].map(logicalStep)).toEqual(Array(5).fill("CrawlProcessed"));
    expect(logicalStep("CrawlCuratedCheck")).toBe("CrawlCurated");
    expect(logicalStep("PublishFailureSummary")).toBeNull();
    expect(logicalStep("RunFailed")).toBeNull();
  });
});

describe("Step Functions orchestrator: retry from the failed step", () => {
  const arnOf = (name: string) => executionArnFor(STATE_MACHINE_ARN, name);
  const startCalls = (fake: FakeSfn) => fake.mock.commandCalls(StartExecutionCommand).map((c) => c.args[0].input);
  const entered = (fake: FakeSfn, arn: string, state: string) =>
    fake.executions.get(arn)!.events.filter((e) => e.type?.endsWith("StateEntered") && e.stateEnteredEventDetails?.name === state).length;

  it("a failure the Catch routed to RunFailed: a new execution batch-<id>-r2 resumes at the failed step", async () => {
    const { fake, orchestrator, planned } = setup();
    const req = planned(glueFailsAt("Job2ProcessedToCurated"));
    const { executionId } = await orchestrator.start(req);
    expect(fake.executions.get(executionId)!.status).toBe("FAILED");

    const { executionId: retried } = await orchestrator.redrive(executionId);
    const name = `batch-${req.batchId}-r2`;
    expect(retried).toBe(arnOf(name));
    expect(fake.mock.commandCalls(RedriveExecutionCommand)).toHaveLength(0);
    const call = startCalls(fake)[1]!;
    expect(call).toMatchObject({ stateMachineArn: STATE_MACHINE_ARN, name });
    expect(JSON.parse(call.input!)).toEqual({
      manifestKey: req.manifestKey,
      resumeFrom: "Job2ProcessedToCurated",
      run: { name: `batch-${req.batchId}`, attempts: { ValidateBatch: 1, Job1RawToProcessed: 1, Job2ProcessedToCurated: 1 } },
    });

    // The new execution validated the batch again, skipped job 1, and ran job 2 on.
    expect(entered(fake, retried, "ValidateBatch")).toBe(1);
    expect(entered(fake, retried, "Job1RawToProcessed")).toBe(0);
    expect(entered(fake, retried, "Job2ProcessedToCurated")).toBe(1);
    expect(entered(fake, retried, "QualityGate")).toBe(1);
    // Every job of the retry writes its reports under the run's name; the execution name stays its own.
    const jobArgs = fake.executions.get(retried)!.parameters.filter((p) => p.state.startsWith("Job")).map((p) => p.parameters.Arguments as Record<string, string>);
    expect(jobArgs.map((a) => [a["--run_name"], a["--execution_name"], a["--batch_id"]])).toEqual(Array(2).fill([`batch-${req.batchId}`, name, req.batchId]));

    const info = await orchestrator.describe(retried);
    expect(info).toMatchObject({ name, status: "succeeded", error: null, resumedFrom: "Job2ProcessedToCurated" });
    const by = Object.fromEntries(info.steps.map((s) => [s.name, s]));
    expect(by.Job1RawToProcessed).toMatchObject({ status: "succeeded", attempt: 1, startedAt: null, externalId: null });
    expect(by.ValidateBatch).toMatchObject({ status: "succeeded", attempt: 2 });
    expect(by.Job2ProcessedToCurated).toMatchObject({ status: "succeeded", attempt: 2 });
    expect(by.Job2ProcessedToCurated!.externalId).toMatch(/^jr_/);
    expect(by.Job3CuratedToDatabase).toMatchObject({ status: "succeeded", attempt: 1 });
  });

  it("a first execution names the run after itself (the jobs' --run_name)", async () => {
    const { fake, orchestrator, planned } = setup();
    const req = planned({});
    const { executionId } = await orchestrator.start(req);
    const args = fake.executions.get(executionId)!.parameters.find((p) => p.state === "Job1RawToProcessed")!.parameters.Arguments as Record<string, string>;
    expect(args).toMatchObject({ "--run_name": `batch-${req.batchId}`, "--execution_name": `batch-${req.batchId}` });
    expect(entered(fake, executionId, "Job1RawToProcessed")).toBe(1);
  });

  it("a second Retry of the same failure finds the execution the first one started (ExecutionAlreadyExists)", async () => {
    const { fake, orchestrator, planned } = setup();
    const { executionId } = await orchestrator.start(planned(glueFailsAt("Job2ProcessedToCurated")));
    const first = await orchestrator.redrive(executionId);
    const second = await orchestrator.redrive(executionId);
    expect(second.executionId).toBe(first.executionId);
    expect(fake.executions.size).toBe(2);
    expect(startCalls(fake)).toHaveLength(3);
  });

  it("ExecutionAlreadyExists from the service is the existing retry execution, other errors are not swallowed", async () => {
    const { fake, orchestrator, planned } = setup();
    const req = planned(glueFailsAt("Job3CuratedToDatabase"));
    const { executionId } = await orchestrator.start(req);
    // As the service answers when the name exists with another input, or the execution has closed.
    fake.failNext(
      "StartExecution",
      new ExecutionAlreadyExists({ message: "Execution Already Exists", $metadata: { httpStatusCode: 400 } }),
      new ExecutionLimitExceeded({ message: "Maximum executions", $metadata: { httpStatusCode: 400 } }),
    );
    expect(await orchestrator.redrive(executionId)).toEqual({ executionId: arnOf(`batch-${req.batchId}-r2`) });
    await expect(orchestrator.redrive(executionId)).rejects.toThrow("Maximum executions");
  });

  it("a retry that fails again is retried as -r3, counting every attempt of the run", async () => {
    const { fake, orchestrator, planned } = setup();
    const req = planned(glueFailsAt("Job2ProcessedToCurated"));
    fake.plans.set(`batch-${req.batchId}-r2`, glueFailsAt("Job3CuratedToDatabase"));
    const { executionId } = await orchestrator.start(req);
    const r2 = (await orchestrator.redrive(executionId)).executionId;
    const failed = await orchestrator.describe(r2);
    expect(failed.status).toBe("failed");
    expect(failed.error).toMatch(/^Job3CuratedToDatabase: /);

    const r3 = (await orchestrator.redrive(r2)).executionId;
    expect(r3).toBe(arnOf(`batch-${req.batchId}-r3`));
    expect(JSON.parse(startCalls(fake)[2]!.input!)).toMatchObject({ resumeFrom: "Job3CuratedToDatabase", run: { name: `batch-${req.batchId}` } });
    const info = await orchestrator.describe(r3);
    expect(info.status).toBe("succeeded");
    expect(info.steps.map((s) => [s.name, s.attempt])).toEqual([
      ["ValidateBatch", 3],
      ["Job1RawToProcessed", 1],
      ["Job2ProcessedToCurated", 2],
      ["QualityGate", 1],
      ["Job3CuratedToDatabase", 2],
      ["CrawlProcessed", 1],
      ["CrawlCurated", 1],
      ["PublishRunSummary", 1],
    ]);
  });

  it("a retry whose ValidateBatch fails is retried at the same step again, not from job 1", async () => {
    const { fake, orchestrator, planned } = setup();
    const req = planned(glueFailsAt("Job2ProcessedToCurated"));
    fake.plans.set(`batch-${req.batchId}-r2`, { outcome: (s) => (s === "ValidateBatch" ? { ok: false, kind: "lambda-error", errorType: "BatchValidationError", message: "orders.csv: not found" } : undefined) });
    const r2 = (await orchestrator.redrive((await orchestrator.start(req)).executionId)).executionId;
    expect((await orchestrator.describe(r2)).steps[0]).toMatchObject({ name: "ValidateBatch", status: "failed" });
    const r3 = (await orchestrator.redrive(r2)).executionId;
    expect(JSON.parse(startCalls(fake)[2]!.input!).resumeFrom).toBe("Job2ProcessedToCurated");
    expect(entered(fake, r3, "Job1RawToProcessed")).toBe(0);
    expect((await orchestrator.describe(r3)).status).toBe("succeeded");
  });

  it("a running retry: the skipped steps read as succeeded, the resumed one as its new attempt", async () => {
    const { fake, orchestrator, planned } = setup();
    const req = planned(glueFailsAt("Job2ProcessedToCurated"));
    fake.plans.set(`batch-${req.batchId}-r2`, { outcome: (s) => (s === "Job2ProcessedToCurated" ? { stop: "running" } : undefined) });
    const r2 = (await orchestrator.redrive((await orchestrator.start(req)).executionId)).executionId;
    const live = await orchestrator.describe(r2);
    expect(live.status).toBe("running");
    expect(live.steps.map((s) => [s.status, s.attempt])).toEqual([
      ["succeeded", 2],
      ["succeeded", 1],
      ["running", 2],
      ["pending", 1],
      ["pending", 1],
      ["pending", 1],
      ["pending", 1],
      ["pending", 1],
    ]);
    await expect(orchestrator.redrive(r2)).rejects.toMatchObject({ status: 409, code: "not_redrivable" });
  });

  it("a partial run (SUCCEEDED, summary partial) is retried from job 1 in a new execution", async () => {
    const { fake, orchestrator, planned } = setup();
    const req = planned({ summaryStatus: "partial" });
    const { executionId } = await orchestrator.start(req);
    const { executionId: retried } = await orchestrator.redrive(executionId);
    expect(retried).toBe(arnOf(`batch-${req.batchId}-r2`));
    expect(JSON.parse(startCalls(fake)[1]!.input!).resumeFrom).toBe("Job1RawToProcessed");
    expect(entered(fake, retried, "Job1RawToProcessed")).toBe(1);
    expect(fake.mock.commandCalls(RedriveExecutionCommand)).toHaveLength(0);
  });

  it.each([
    ["an uncaught failure (States.Runtime)", { ok: false, kind: "error", error: "States.Runtime", cause: "An error occurred while executing the state" } as const],
    ["a timed-out execution", { stop: "timed_out" } as const],
    ["an aborted execution", { stop: "aborted" } as const],
  ])("%s is redriven in place: same execution, RedriveExecution, no new execution", async (_label, outcome) => {
    const { fake, orchestrator, planned } = setup();
    const { executionId } = await orchestrator.start(planned({ outcome: (s) => (s === "Job2ProcessedToCurated" ? outcome : undefined) }));
    expect((await orchestrator.describe(executionId)).status).toBe("failed");
    expect(await orchestrator.redrive(executionId)).toEqual({ executionId });
    expect(fake.mock.commandCalls(RedriveExecutionCommand).map((c) => c.args[0].input)).toEqual([{ executionArn: executionId }]);
    expect(startCalls(fake)).toHaveLength(1);
    const info = await orchestrator.describe(executionId);
    expect(info.status).toBe("succeeded");
    expect(info.resumedFrom).toBeNull();
    expect(info.steps.find((s) => s.name === "Job1RawToProcessed")!.attempt).toBe(1);
  });

  it("a succeeded or running execution is a clear 409; an unknown one a 404", async () => {
    const { fake, orchestrator, planned } = setup();
    const { executionId } = await orchestrator.start(planned({}));
    await expect(orchestrator.redrive(executionId)).rejects.toMatchObject({ status: 409, code: "not_redrivable", message: expect.stringContaining("is succeeded: only a failed or partial execution can be retried") });
    const running = await orchestrator.start(planned({ outcome: (s) => (s === "Job1RawToProcessed" ? { stop: "running" } : undefined) }));
    await expect(orchestrator.redrive(running.executionId)).rejects.toMatchObject({ status: 409 });
    await expect(orchestrator.redrive("batch-nope")).rejects.toMatchObject({ status: 404 });
    expect(fake.mock.commandCalls(RedriveExecutionCommand)).toHaveLength(0);
  });
});

describe("Step Functions orchestrator: the quality gate", () => {
  const held: Plan = {
    gate: { held: true, failed: [{ table: "orders", rule: "volume", value: 4, limit: 50, message: "2025-11 has 4 recognised orders, below 50.0 % of 2025-10's 100 (at least 50)" }] },
  };
  const entered = (fake: FakeSfn, arn: string, state: string) =>
    fake.executions.get(arn)!.events.filter((e) => e.type?.endsWith("StateEntered") && e.stateEnteredEventDetails?.name === state).length;

  it("a held run: the gate function says held, job 3 and the crawls never run, the summary says held", async () => {
    const { fake, orchestrator, planned } = setup();
    const { executionId } = await orchestrator.start(planned(held));
    const ex = fake.executions.get(executionId)!;
    // Nothing failed: the execution succeeded, without publishing.
    expect(ex.status).toBe("SUCCEEDED");
    for (const state of ["Job3CuratedToDatabase", "CrawlProcessed", "CrawlCurated", "PublishFailureSummary"]) expect(entered(fake, executionId, state), state).toBe(0);
    // The gate was asked about this run; the summary was given its decision.
    expect(ex.parameters.find((p) => p.state === "QualityGate")!.parameters.Payload).toEqual({ manifestKey: JSON.parse(ex.input).manifestKey, runName: ex.name });
    expect((ex.parameters.find((p) => p.state === "PublishRunSummary")!.parameters.Payload as { input: { gate: unknown } }).input.gate).toEqual(held.gate);
    const info = await orchestrator.describe(executionId);
    expect(info.status).toBe("held");
    expect(info.error).toBe("held by the quality gate: nothing was published");
    expect(Object.fromEntries(info.steps.map((s) => [s.name, s.status]))).toEqual({
      ValidateBatch: "succeeded",
      Job1RawToProcessed: "succeeded",
      Job2ProcessedToCurated: "succeeded",
      QualityGate: "succeeded",
      Job3CuratedToDatabase: "skipped",
      CrawlProcessed: "skipped",
      CrawlCurated: "skipped",
      PublishRunSummary: "succeeded",
    });
  });

  it("publish anyway: a new execution resumes the held run at job 3 (past the gate), then crawls and sums up", async () => {
    const { fake, orchestrator, planned } = setup();
    const req = planned(held);
    // The retry's gate would hold again: it must not be asked.
    fake.plans.set(`batch-${req.batchId}-r2`, held);
    const { executionId } = await orchestrator.start(req);
    const { executionId: published } = await orchestrator.redrive(executionId);
    expect(published).toBe(executionArnFor(STATE_MACHINE_ARN, `batch-${req.batchId}-r2`));
    expect(fake.mock.commandCalls(RedriveExecutionCommand)).toHaveLength(0);
    expect(JSON.parse(fake.mock.commandCalls(StartExecutionCommand).at(-1)!.args[0].input.input!)).toEqual({
      manifestKey: req.manifestKey,
      resumeFrom: "Job3CuratedToDatabase",
      run: { name: `batch-${req.batchId}`, attempts: { ValidateBatch: 1, Job1RawToProcessed: 1, Job2ProcessedToCurated: 1, QualityGate: 1, PublishRunSummary: 1 } },
    });
    for (const [state, n] of [["ValidateBatch", 1], ["Job1RawToProcessed", 0], ["Job2ProcessedToCurated", 0], ["QualityGate", 0], ["Job3CuratedToDatabase", 1], ["CrawlProcessed", 1], ["CrawlCurated", 1], ["PublishRunSummary", 1]] as const) {
      expect(entered(fake, published, state), state).toBe(n);
    }
    // Job 3 publishes the run's staging: its reports' and staging's name is the run's.
    const job3 = fake.executions.get(published)!.parameters.find((p) => p.state === "Job3CuratedToDatabase")!.parameters.Arguments as Record<string, string>;
    expect(job3["--run_name"]).toBe(`batch-${req.batchId}`);
    const info = await orchestrator.describe(published);
    expect(info).toMatchObject({ status: "succeeded", resumedFrom: "Job3CuratedToDatabase", error: null });
    const by = Object.fromEntries(info.steps.map((s) => [s.name, s]));
    expect(by.QualityGate).toMatchObject({ status: "succeeded", attempt: 1, startedAt: null });
    expect(by.Job3CuratedToDatabase).toMatchObject({ status: "succeeded", attempt: 1 });
    expect(by.PublishRunSummary).toMatchObject({ status: "succeeded", attempt: 2 });
    // Published: nothing left to publish or retry.
    await expect(orchestrator.redrive(published)).rejects.toMatchObject({ status: 409 });
  });

  it("a gate function that fails (not: holds) fails the run at the gate; the retry asks the gate again", async () => {
    const { fake, orchestrator, planned } = setup();
    const req = planned({ outcome: (s) => (s === "QualityGate" ? { ok: false, kind: "lambda-error", errorType: "Error", message: "run batch-x has no job 2 report: job 2 must run before the gate" } : undefined) });
    const { executionId } = await orchestrator.start(req);
    const info = await orchestrator.describe(executionId);
    expect(info.status).toBe("failed");
    expect(info.steps.find((s) => s.name === "QualityGate")).toMatchObject({ status: "failed", error: "Error: run batch-x has no job 2 report: job 2 must run before the gate" });
    expect(entered(fake, executionId, "Job3CuratedToDatabase")).toBe(0);
    const { executionId: retried } = await orchestrator.redrive(executionId);
    expect(JSON.parse(fake.mock.commandCalls(StartExecutionCommand).at(-1)!.args[0].input.input!).resumeFrom).toBe("QualityGate");
    expect(entered(fake, retried, "QualityGate")).toBe(1);
    expect((await orchestrator.describe(retried)).status).toBe("succeeded");
  });

  it("maps the gate's Choice onto no step (the gate is one step)", () => {
    expect(logicalStep("QualityGate")).toBe("QualityGate");
    expect(logicalStep("GateDecision")).toBeNull();
  });
});
