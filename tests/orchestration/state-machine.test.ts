import "@/lib/local/orchestrator/polyfill";
import { readFile } from "node:fs/promises";
import aslValidator from "asl-validator";
import { StateMachine } from "aws-local-stepfunctions";
import { describe, expect, it } from "vitest";
import { STEP_NAMES } from "@/lib/backend/types";
import { ASL_PATH, fillAsl, LOCAL_ASL_VALUES, stepOfState } from "@/lib/local/orchestrator/asl";

type State = { Type: string; Resource?: string; TimeoutSeconds?: number; Retry?: unknown[]; Catch?: { ErrorEquals: string[]; Next: string }[]; Next?: string; End?: boolean };

describe("the shared state machine definition", () => {
  it("validates with asl-validator once its placeholders are filled (local and AWS-shaped values)", async () => {
    const template = await readFile(ASL_PATH, "utf8");
    const aws = Object.fromEntries(Object.keys(LOCAL_ASL_VALUES).map((k) =>
      [k, k.endsWith("_arn") ? `arn:aws:lambda:eu-west-1:123456789012:function:shoplake-${k}` : `shoplake-${k.replaceAll("_", "-")}`]));
    for (const values of [LOCAL_ASL_VALUES, aws]) {
      const { isValid, errorsText } = aslValidator(fillAsl(template, values) as never);
      expect(isValid, errorsText("\n")).toBe(true);
    }
  });

  it("has every step of DESIGN.md in order, each task with a timeout, retries and a catch to the failure summary", async () => {
    const def = fillAsl(await readFile(ASL_PATH, "utf8"), LOCAL_ASL_VALUES) as { StartAt: string; States: Record<string, State>; TimeoutSeconds: number };
    expect(def.TimeoutSeconds).toBeGreaterThan(0);
    const order: string[] = [];
    let name: string | undefined = def.StartAt;
    while (name) {
      const s: State = def.States[name]!;
      if (s.Type === "Task") {
        expect(s.TimeoutSeconds, name).toBeGreaterThan(0);
        expect(s.Retry?.length, name).toBeGreaterThan(0);
        if (name !== "PublishFailureSummary") expect(s.Catch?.[0]).toMatchObject({ ErrorEquals: ["States.ALL"], Next: "PublishFailureSummary" });
      }
      const step = stepOfState(name);
      // The routing states (run name, resume point) are not steps.
      if ((STEP_NAMES as readonly string[]).includes(step) && order.at(-1) !== step) order.push(step);
      // A first execution: the run-name and resume choices take their Default, the crawl loops exit.
      const choice = s as unknown as { Choices: { Next: string }[]; Default: string };
      name = s.Type === "Choice" ? (name.startsWith("Crawl") ? choice.Choices.find((c) => !c.Next.endsWith("Wait"))!.Next : choice.Default) : s.Next;
    }
    expect(order).toEqual([...STEP_NAMES]);
    expect(def.States.PublishFailureSummary?.Next).toBe("RunFailed");
    expect(def.States.RunFailed?.Type).toBe("Fail");
  });

  it("uses the Glue, crawler and Lambda integrations Terraform will wire", async () => {
    const def = JSON.parse(await readFile(ASL_PATH, "utf8")) as { States: Record<string, State> };
    expect(def.States.Job1RawToProcessed?.Resource).toBe("arn:aws:states:::glue:startJobRun.sync");
    expect(def.States.CrawlProcessed?.Resource).toBe("arn:aws:states:::aws-sdk:glue:startCrawler");
    expect(def.States.ValidateBatch?.Resource).toBe("arn:aws:states:::lambda:invoke");
  });
});

describe("the resume route (run by aws-local-stepfunctions, as the local backend runs it)", () => {
  type Calls = Record<string, number>;
  const JOB_STATES = ["Job1RawToProcessed", "Job2ProcessedToCurated", "Job3CuratedToDatabase"];

  /** Runs the shared definition with stub task handlers that count their calls and keep the jobs' arguments. */
  async function execute(
    name: string,
    input: Record<string, unknown>,
    crawl: { Status: string; ErrorMessage?: string } = { Status: "SUCCEEDED" },
    gate: { held: boolean; failed: unknown[] } = { held: false, failed: [] },
  ) {
    const calls: Calls = {};
    let failureInput: unknown = null;
    let summaryInput: unknown = null;
    let gateInput: unknown = null;
    const args: Record<string, Record<string, string>> = {};
    const count = (state: string, out: (input: Record<string, unknown>) => unknown) => async (input: Record<string, unknown>) => {
      calls[state] = (calls[state] ?? 0) + 1;
      return out(input);
    };
    const glue = (state: string) =>
      count(state, (input) => {
        args[state] = (input as { Arguments: Record<string, string> }).Arguments;
        return { Id: `jr_${state}`, JobRunState: "SUCCEEDED" };
      });
    const handlers = {
      ValidateBatch: count("ValidateBatch", () => ({ Payload: { batchId: "b1", month: "2025-11", tables: ["orders"] } })),
      Job1RawToProcessed: glue("Job1RawToProcessed"),
      CrawlProcessed: count("CrawlProcessed", () => ({})),
      CrawlProcessedCheck: count("CrawlProcessedCheck", () => ({ Crawler: { State: "READY", LastCrawl: crawl } })),
      Job2ProcessedToCurated: glue("Job2ProcessedToCurated"),
      QualityGate: count("QualityGate", (input) => ((gateInput = input), { Payload: gate })),
      CrawlCurated: count("CrawlCurated", () => ({})),
      CrawlCuratedCheck: count("CrawlCuratedCheck", () => ({ Crawler: { State: "READY", LastCrawl: { Status: "SUCCEEDED" } } })),
      Job3CuratedToDatabase: glue("Job3CuratedToDatabase"),
      PublishRunSummary: count("PublishRunSummary", (input) => ((summaryInput = input), { Payload: { status: "succeeded", error: null, runName: (input as { Payload: { runName: string } }).Payload.runName } })),
      PublishFailureSummary: count("PublishFailureSummary", (input) => ((failureInput = input), { Payload: { status: "failed" } })),
    };
    const definition = fillAsl(await readFile(ASL_PATH, "utf8"), LOCAL_ASL_VALUES);
    const machine = new StateMachine(definition as never, { validationOptions: { checkArn: false } });
    const execution = machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: handlers as never, waitTimeOverrides: { CrawlProcessedWait: 0, CrawlCuratedWait: 0 } },
      context: { Execution: { Id: name, Name: name, Input: input, StartTime: new Date().toISOString(), RoleArn: "local" } } as never,
    });
    const output = (await execution.result.catch((e: Error) => ({ failed: e.message }))) as { summary: { result: { runName: string } } };
    return { calls, args, output, failureInput, summaryInput, gateInput };
  }

  it("a crawl that ends FAILED goes to the failure summary with the crawler's status and message, not to the next crawl", async () => {
    const { calls, failureInput } = await execute("batch-b1", { manifestKey }, { Status: "FAILED", ErrorMessage: "Internal Service Exception" });
    expect(calls.Job3CuratedToDatabase).toBe(1);
    expect(calls.CrawlCurated).toBeUndefined();
    expect(calls.PublishRunSummary).toBeUndefined();
    expect(calls.PublishFailureSummary).toBe(1);
    const error = (failureInput as { Payload: { input: { error: { Error: string; Cause: string } } } }).Payload.input.error;
    expect(error.Error).toBe("Glue.CrawlerFailed");
    expect(JSON.parse(error.Cause)).toEqual({ Status: "FAILED", ErrorMessage: "Internal Service Exception" });
  });

  const manifestKey = "raw/_manifests/month=2025-11/batch=b1.json";

  it("without resumeFrom every step runs once, and the run is named after the execution", async () => {
    const { calls, args, output, gateInput } = await execute("batch-b1", { manifestKey });
    for (const state of ["ValidateBatch", ...JOB_STATES, "QualityGate", "CrawlProcessed", "CrawlCurated", "PublishRunSummary"]) expect(calls[state], state).toBe(1);
    expect(calls.PublishFailureSummary).toBeUndefined();
    for (const job of JOB_STATES) expect(args[job], job).toMatchObject({ "--run_name": "batch-b1", "--execution_name": "batch-b1", "--batch_id": "b1", "--month": "2025-11", "--manifest_key": manifestKey });
    // The gate function is told whose reports to read.
    expect((gateInput as { Payload: unknown }).Payload).toEqual({ manifestKey, runName: "batch-b1" });
    expect(output.summary.result.runName).toBe("batch-b1");
  });

  it("a held gate goes straight to the run summary: job 3 and the crawls never run, the summary sees the decision", async () => {
    const failed = [{ table: "orders", rule: "volume", value: 4, limit: 50, message: "2025-11 has 4 recognised orders" }];
    const { calls, summaryInput } = await execute("batch-b1", { manifestKey }, undefined, { held: true, failed });
    for (const state of ["ValidateBatch", "Job1RawToProcessed", "Job2ProcessedToCurated", "QualityGate", "PublishRunSummary"]) expect(calls[state], state).toBe(1);
    for (const state of ["Job3CuratedToDatabase", "CrawlProcessed", "CrawlCurated", "PublishFailureSummary"]) expect(calls[state], state).toBeUndefined();
    expect((summaryInput as { Payload: { input: { gate: unknown } } }).Payload.input.gate).toEqual({ held: true, failed });
  });

  it("resumeFrom=Job2ProcessedToCurated validates again, then runs job 2 onwards and not job 1", async () => {
    const input = { manifestKey, resumeFrom: "Job2ProcessedToCurated", run: { name: "batch-b1", attempts: { Job2ProcessedToCurated: 1 } } };
    const { calls, args, output } = await execute("batch-b1-r2", input);
    expect(calls.ValidateBatch).toBe(1);
    expect(calls.Job1RawToProcessed).toBeUndefined();
    for (const state of ["Job2ProcessedToCurated", "QualityGate", "Job3CuratedToDatabase", "CrawlProcessed", "CrawlCurated", "PublishRunSummary"]) expect(calls[state], state).toBe(1);
    // The later states read what ValidateBatch put in the state ($.batch), and the run's name from the input.
    expect(args.Job2ProcessedToCurated).toEqual({ "--batch_id": "b1", "--month": "2025-11", "--manifest_key": manifestKey, "--execution_name": "batch-b1-r2", "--run_name": "batch-b1" });
    expect(output.summary.result.runName).toBe("batch-b1");
  });

  const AFTER_VALIDATE = ["Job1RawToProcessed", "Job2ProcessedToCurated", "QualityGate", "Job3CuratedToDatabase", "CrawlProcessed", "CrawlCurated", "PublishRunSummary"];
  it.each([
    ["QualityGate", AFTER_VALIDATE.slice(2)],
    // Publish anyway: a held run resumes past the gate, at the publish.
    ["Job3CuratedToDatabase", ["Job3CuratedToDatabase", "CrawlProcessed", "CrawlCurated", "PublishRunSummary"]],
    ["CrawlProcessed", ["CrawlProcessed", "CrawlCurated", "PublishRunSummary"]],
    ["CrawlCurated", ["CrawlCurated", "PublishRunSummary"]],
    ["PublishRunSummary", ["PublishRunSummary"]],
    // Not a step the route knows: the whole run, as for a first execution.
    ["ValidateBatch", AFTER_VALIDATE],
  ])("resumeFrom=%s runs exactly %j after ValidateBatch", async (from, ran) => {
    const { calls } = await execute(`batch-b1-r2`, { manifestKey, resumeFrom: from, run: { name: "batch-b1", attempts: {} } });
    expect(AFTER_VALIDATE.filter((s) => calls[s])).toEqual(ran);
    expect(calls.ValidateBatch).toBe(1);
  });

  it("publishing a held run anyway never asks the gate again (it would hold again)", async () => {
    const input = { manifestKey, resumeFrom: "Job3CuratedToDatabase", run: { name: "batch-b1", attempts: { QualityGate: 1 } } };
    const { calls } = await execute("batch-b1-r2", input, undefined, { held: true, failed: [] });
    expect(calls.QualityGate).toBeUndefined();
    expect(calls.Job3CuratedToDatabase).toBe(1);
    expect(calls.PublishRunSummary).toBe(1);
  });
});
