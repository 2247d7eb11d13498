// Retry of a run on PORTAL_BACKEND=aws: the run follows the execution that now carries it (a new one for
// a failure the state machine caught), the steps a retry skipped keep what the first execution recorded,
// and the resumed steps show their new attempt. Step Functions is the fake that walks the real ASL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CloudWatchJobLogs, driverStream } from "@/lib/aws/cloudwatch-logs";
import { recordedJobRun } from "@/lib/aws/recorded-job-run";
import { reportKey } from "@/lib/aws/run-reports";
import { awsRunSync } from "@/lib/aws/run-sync";
import { executionArnFor, SfnOrchestrator } from "@/lib/aws/sfn-orchestrator";
import { setBackendForTests } from "@/lib/wiring";
import { createLocalBackend } from "@/lib/local/backend";
import type { Backend } from "@/lib/backend/types";
import { config } from "@/lib/config";
import { createBatch } from "@/lib/db/batches";
import { listQuality } from "@/lib/db/quality";
import { ensureRun, getRun } from "@/lib/db/runs";
import { lakeKeys } from "@/lib/lake/keys";
import { publishHeldRun, retryRun } from "@/lib/services/runs";
import { freshPipelineEnv } from "../support/pipeline-env";
import { fastRetry } from "./fakes/aws-error";
import { FakeLogs } from "./fakes/fake-logs";
import { FakeSfn, STATE_MACHINE_ARN, type Plan } from "./fakes/fake-sfn";

const MONTH = "2025-11";
let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
let fake: FakeSfn;
let backend: Backend;
let seq = 0;

beforeAll(async () => {
  env = await freshPipelineEnv();
  fake = new FakeSfn();
  const local = createLocalBackend(config());
  const orchestrator = new SfnOrchestrator({ stateMachineArn: STATE_MACHINE_ARN, client: fake.client, retry: fastRetry });
  // The AWS orchestrator with the local lake standing in for S3 (run-sync reads the jobs' reports there).
  backend = { ...local, kind: "aws", orchestrator, ...awsRunSync(orchestrator, local.lake), pollIntervalMs: 3000, onManifestWritten: async () => {} };
  setBackendForTests(backend);
});
afterAll(async () => env.cleanup());

const glueFails = (step: string): Plan => ({ outcome: (s) => (s === step ? { ok: false, kind: "glue-failed", message: "MemoryError" } : undefined) });

/** A batch whose first execution (started as EventBridge's Lambda would) ran with `plan`, synced once. */
async function failedRun(plan: Plan, retryPlan?: Plan, extraReports: Record<string, unknown> = {}) {
  const batchId = `r${Date.now().toString(36)}${(seq++).toString(36)}`;
  await createBatch({ id: batchId, month: MONTH, source: "cli" });
  const run = await ensureRun({ batchId, month: MONTH, executionName: `batch-${batchId}` });
  fake.plans.set(`batch-${batchId}`, plan);
  if (retryPlan) fake.plans.set(`batch-${batchId}-r2`, retryPlan);
  // Job 1's report, which the Glue job writes under the run's name.
  const table = { table: "orders", status: "ok", file: "orders.csv", rowsIn: 3, rowsOut: 3, rejected: 0, duplicates: 0, orphans: 0, topReasons: [], warnings: [], error: null };
  await backend.lake.put(reportKey(`batch-${batchId}`, "job1"), JSON.stringify({ job: "job1", tables: [table], durationMs: 10 }));
  for (const [name, report] of Object.entries(extraReports)) await backend.lake.put(reportKey(`batch-${batchId}`, name), JSON.stringify(report));
  await backend.orchestrator.start({ batchId, month: MONTH, manifestKey: lakeKeys.manifest(MONTH, batchId) });
  await backend.syncRun(run.id);
  return { batchId, runId: run.id, before: (await getRun(run.id))! };
}

describe("retryRun on the AWS backend", () => {
  it("a caught failure: the run follows batch-<id>-r2, keeps the skipped steps' rows, shows job 2's second attempt", async () => {
    const { batchId, runId, before } = await failedRun(glueFails("Job2ProcessedToCurated"));
    expect(before.status).toBe("failed");
    expect(before.executionId).toBe(executionArnFor(STATE_MACHINE_ARN, `batch-${batchId}`));
    const job1Before = before.steps.find((s) => s.name === "Job1RawToProcessed")!;
    const job2Before = before.steps.find((s) => s.name === "Job2ProcessedToCurated")!;
    expect(job2Before).toMatchObject({ status: "failed", attempt: 1 });

    const { executionId } = await retryRun(runId);
    expect(executionId).toBe(executionArnFor(STATE_MACHINE_ARN, `batch-${batchId}-r2`));
    const after = (await getRun(runId))!;
    // Same run, same name (its reports' prefix) and start; the execution it follows is the retry.
    expect(after).toMatchObject({ executionName: `batch-${batchId}`, executionId, status: "succeeded", error: null, startedAt: before.startedAt });
    const by = Object.fromEntries(after.steps.map((s) => [s.name, s]));
    expect(by.Job1RawToProcessed).toMatchObject({ status: "succeeded", attempt: 1, startedAt: job1Before.startedAt, externalId: job1Before.externalId });
    expect(by.Job1RawToProcessed!.externalId).toMatch(/^jr_/);
    expect(by.CrawlProcessed).toMatchObject({ status: "succeeded", attempt: 1 });
    expect(by.QualityGate).toMatchObject({ status: "succeeded", attempt: 1 });
    expect(by.ValidateBatch).toMatchObject({ status: "succeeded", attempt: 2 });
    expect(by.Job2ProcessedToCurated).toMatchObject({ status: "succeeded", attempt: 2, error: null });
    expect(by.Job2ProcessedToCurated!.externalId).not.toBe(job2Before.externalId);
    expect(by.Job3CuratedToDatabase).toMatchObject({ status: "succeeded", attempt: 1 });
    // Quality still comes from the run's reports, which job 1 wrote in the first execution.
    expect((await listQuality(runId)).map((q) => q.table)).toEqual(["orders"]);
    // Nothing left to retry.
    await expect(retryRun(runId)).rejects.toMatchObject({ status: 409 });
  });

  it("while the retry runs, the run is running and its steps follow the new execution", async () => {
    const { batchId, runId } = await failedRun(glueFails("Job2ProcessedToCurated"), { outcome: (s) => (s === "Job2ProcessedToCurated" ? { stop: "running" } : undefined) });
    await retryRun(runId);
    const live = (await getRun(runId))!;
    expect(live.status).toBe("running");
    expect(live.endedAt).toBeNull();
    expect(live.steps.map((s) => [s.name, s.status, s.attempt])).toEqual([
      ["ValidateBatch", "succeeded", 2],
      ["Job1RawToProcessed", "succeeded", 1],
      ["Job2ProcessedToCurated", "running", 2],
      ["QualityGate", "pending", 1],
      ["Job3CuratedToDatabase", "pending", 1],
      ["CrawlProcessed", "pending", 1],
      ["CrawlCurated", "pending", 1],
      ["PublishRunSummary", "pending", 1],
    ]);
    fake.resume(`batch-${batchId}-r2`);
    await backend.syncRun(runId);
    expect((await getRun(runId))!.status).toBe("succeeded");
  });

  it("job 1's logs are still found after a retry skipped it (the job run id the run recorded)", async () => {
    const { runId, before } = await failedRun(glueFails("Job3CuratedToDatabase"));
    const jobRun = before.steps.find((s) => s.name === "Job1RawToProcessed")!.externalId!;
    await retryRun(runId);
    const cw = new FakeLogs();
    cw.put("/out", driverStream(jobRun), [{ ts: Date.UTC(2025, 11, 1, 8, 0, 1), message: "2025-12-01T08:00:01.000Z INFO job1 started\n" }]);
    const logs = new CloudWatchJobLogs({
      outputGroup: "/out",
      errorGroup: "/err",
      orchestrator: backend.orchestrator,
      resolveExecution: async (id) => (await getRun(id))?.executionId ?? null,
      recordedJobRun,
      client: cw.client,
      retry: fastRetry,
    });
    const read = await logs.read(runId, "Job1RawToProcessed");
    expect(read.lines).toHaveLength(1);
    expect(read.lines[0]).toMatchObject({ level: "info", step: "Job1RawToProcessed", message: expect.stringContaining("job1 started") });
    expect(read.next).toBeNull();
  });

  it("a timed-out execution is redriven in place: the run keeps following it", async () => {
    const { batchId, runId } = await failedRun({ outcome: (s) => (s === "Job3CuratedToDatabase" ? { stop: "timed_out" } : undefined) });
    const { executionId } = await retryRun(runId);
    expect(executionId).toBe(executionArnFor(STATE_MACHINE_ARN, `batch-${batchId}`));
    expect((await getRun(runId))!).toMatchObject({ executionId, status: "succeeded" });
    expect(fake.executions.has(executionArnFor(STATE_MACHINE_ARN, `batch-${batchId}-r2`))).toBe(false);
  });

  it("a held run: held with the gate's decision on the run; Publish anyway resumes it at job 3 and it ends published", async () => {
    const failed = [{ table: "orders", rule: "volume" as const, value: 4, limit: 50, message: "2025-11 has 4 recognised orders, below 50.0 % of 2025-10's 100 (at least 50)" }];
    const decision = { held: true, failed, checked: 3 };
    // What the gate function and job 2 leave in the lake for the run (gate.json is what the run page shows).
    const { batchId, runId, before } = await failedRun({ gate: { held: true, failed } }, undefined, { gate: decision });
    expect(before).toMatchObject({ status: "held", error: "held by the quality gate: nothing was published", gate: decision });
    const by = Object.fromEntries(before.steps.map((s) => [s.name, s]));
    expect(by.QualityGate).toMatchObject({ status: "succeeded", position: 3 });
    for (const s of ["Job3CuratedToDatabase", "CrawlProcessed", "CrawlCurated"]) expect(by[s]!.status, s).toBe("skipped");
    // Retry is for failures; a held run is published (ops/admin, through the route that audits it).
    await expect(retryRun(runId)).rejects.toMatchObject({ status: 409 });
    // Publish anyway needs the run's staged month.
    await expect(publishHeldRun(runId)).rejects.toMatchObject({ status: 409, code: "superseded" });
    await backend.lake.put(`${lakeKeys.stagedPrefix(MONTH, `batch-${batchId}`, "curated", "mart_kpis")}part-0.parquet`, "x");

    const { executionId } = await publishHeldRun(runId);
    expect(executionId).toBe(executionArnFor(STATE_MACHINE_ARN, `batch-${batchId}-r2`));
    const ex = fake.executions.get(executionId)!;
    expect(JSON.parse(ex.input)).toMatchObject({ resumeFrom: "Job3CuratedToDatabase", run: { name: `batch-${batchId}` } });
    const after = (await getRun(runId))!;
    expect(after).toMatchObject({ status: "succeeded", error: null, executionId, executionName: `batch-${batchId}`, gate: decision });
    const steps = Object.fromEntries(after.steps.map((s) => [s.name, s]));
    // The gate's own row (and time) is the first execution's; the publish and the crawls ran now.
    expect(steps.QualityGate).toMatchObject({ status: "succeeded", attempt: 1, startedAt: by.QualityGate!.startedAt });
    for (const s of ["Job3CuratedToDatabase", "CrawlProcessed", "CrawlCurated", "PublishRunSummary"]) expect(steps[s]!.status, s).toBe("succeeded");
    await expect(publishHeldRun(runId)).rejects.toMatchObject({ status: 409, code: "not_held" });
  });
});
