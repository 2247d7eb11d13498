import path from "node:path";
import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getMonthKpis } from "@/lib/services/month-kpis";
import { setBackendForTests } from "@/lib/wiring";
import { createLocalBackend } from "@/lib/local/backend";
import { config } from "@/lib/config";
import { listRuns } from "@/lib/db/runs";
import { readLogs } from "@/lib/db/logs";
import { runJob1 } from "@/lib/pipeline/jobs/job1-raw-to-processed";
import { runJob2 } from "@/lib/pipeline/jobs/job2-processed-to-curated";
import type { JobContext } from "@/lib/pipeline/jobs/context";
import { LocalOrchestrator } from "@/lib/local/orchestrator/local-orchestrator";
import { publishHeldRun, retryRun, rerunBatch, waitForRun } from "@/lib/services/runs";
import { fullMonth, ordersCsv } from "../support/fixtures";
import { freshPipelineEnv, runBatch } from "../support/pipeline-env";

describe("faults, retries and one execution per batch", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  let failJob2 = false;
  let job1Calls = 0;
  let job2Calls = 0;

  beforeAll(async () => {
    env = await freshPipelineEnv();
    // The real local backend, with job 2 wrapped so a test can make it throw halfway through.
    const backend = createLocalBackend(config());
    const lake = backend.lake;
    const orchestrator = new LocalOrchestrator({
      lake,
      catalog: backend.catalog,
      timeZone: "UTC",
      workRoot: path.join(env.dataDir, "work"),
      jobs: {
        job1: async (ctx: JobContext) => {
          job1Calls++;
          return runJob1(ctx);
        },
        job2: async (ctx: JobContext) => {
          job2Calls++;
          if (failJob2) {
            ctx.log("info", "enriching orders…");
            throw new Error("simulated crash in job 2 (disk full)");
          }
          return runJob2(ctx);
        },
      },
    });
    setBackendForTests({ ...backend, orchestrator, onManifestWritten: async (req) => void (await orchestrator.start(req)) });
  });
  afterAll(async () => env.cleanup());

  it("a job that throws fails the run with its error and leaves curated data as it was", async () => {
    const ok = await runBatch(path.join(env.dataDir, "in", "a"), "2025-11", fullMonth());
    expect(ok.run.status).toBe("succeeded");
    const before = await getMonthKpis("2025-11");
    const curatedBefore = await readdir(path.join(env.dataDir, "lake", "curated", "fact_orders_enriched", "month=2025-11"));

    failJob2 = true;
    const bigger = ordersCsv().replace("54.00,card", "540.00,card");
    const bad = await runBatch(path.join(env.dataDir, "in", "b"), "2025-11", { "orders.csv": bigger });
    expect(bad.run.status).toBe("failed");
    expect(bad.run.error).toContain("simulated crash in job 2");
    const steps = Object.fromEntries(bad.run.steps.map((s) => [s.name, s.status]));
    expect(steps).toMatchObject({ Job1RawToProcessed: "succeeded", Job2ProcessedToCurated: "failed", Job3CuratedToDatabase: "skipped", PublishRunSummary: "skipped" });
    const logs = await readLogs(bad.runId, "Job2ProcessedToCurated");
    expect(logs.lines.map((l) => l.message).join("\n")).toContain("simulated crash in job 2");

    const after = await getMonthKpis("2025-11");
    expect(after!.revenue).toBe(before!.revenue);
    expect(after!.dataAsOf?.runId).toBe(ok.runId);
    expect(await readdir(path.join(env.dataDir, "lake", "curated", "fact_orders_enriched", "month=2025-11"))).toEqual(curatedBefore);

    // Retry from the failed step: job 1 is not run again, job 2 now succeeds and the new numbers appear.
    failJob2 = false;
    const callsBefore = job2Calls;
    const job1Before = job1Calls;
    const { executionId } = await retryRun(bad.runId);
    // A new execution of the same run, resumed by the state machine at the failed step.
    expect(executionId).toBe(`batch-${bad.batchId}-r2`);
    const retried = await waitForRun(bad.runId);
    expect(retried.error).toBeNull();
    expect(retried.status).toBe("succeeded");
    expect(retried).toMatchObject({ executionName: `batch-${bad.batchId}`, executionId });
    expect(job2Calls).toBe(callsBefore + 1);
    expect(job1Calls).toBe(job1Before);
    const job1 = retried.steps.find((s) => s.name === "Job1RawToProcessed")!;
    expect(job1.attempt).toBe(1);
    expect(retried.steps.find((s) => s.name === "Job2ProcessedToCurated")!.attempt).toBe(2);
    expect(job1.startedAt!.getTime()).toBeLessThan(retried.steps.find((s) => s.name === "Job2ProcessedToCurated")!.startedAt!.getTime());
    expect((await getMonthKpis("2025-11"))!.revenue).toBeCloseTo(540 + 21.6, 6);
  });

  it("a partial run is retried from job 1 (a failed table may have been re-uploaded)", async () => {
    const noTs = "order_id,customer_id,total,status\no1,c1,10,paid\n";
    const held = await runBatch(path.join(env.dataDir, "in", "p"), "2025-12", { ...fullMonth("2025-12"), "orders.csv": noTs });
    expect(held.run.status).toBe("held");
    await expect(retryRun(held.runId), "a held run is published anyway, not retried").rejects.toMatchObject({ status: 409 });
    await publishHeldRun(held.runId);
    expect((await waitForRun(held.runId)).status).toBe("partial");
    const job1Before = job1Calls;
    await retryRun(held.runId);
    const retried = await waitForRun(held.runId);
    // Job 1 runs again; the orders file is still broken, so the gate holds the month again.
    expect(retried.status).toBe("held");
    expect(job1Calls).toBe(job1Before + 1);
    expect(retried.steps.find((s) => s.name === "Job1RawToProcessed")!.attempt).toBe(2);
  });

  it("refuses to retry a run that succeeded", async () => {
    const runs = await listRuns({ status: "succeeded" });
    await expect(retryRun(runs[0]!.id)).rejects.toMatchObject({ status: 409 });
  });

  it("starts exactly one execution per batch, however often the manifest event arrives", async () => {
    const r = await runBatch(path.join(env.dataDir, "in", "c"), "2025-10", fullMonth("2025-10"));
    const { getBackend } = await import("@/lib/wiring");
    const backend = await getBackend();
    const req = { batchId: r.batchId, month: "2025-10", manifestKey: `raw/_manifests/month=2025-10/batch=${r.batchId}.json` };
    await backend.onManifestWritten(req);
    await backend.onManifestWritten(req);
    const runs = await listRuns({ batchId: r.batchId });
    expect(runs).toHaveLength(1);
    expect(runs[0]!.executionName).toBe(`batch-${r.batchId}`);
  });

  it("re-runs a whole batch as a new run", async () => {
    const [first] = await listRuns({ month: "2025-10" });
    const { runId } = await rerunBatch(first!.batchId);
    expect(runId).not.toBe(first!.id);
    const run = await waitForRun(runId);
    expect(run.error).toBeNull();
    expect(run.status).toBe("succeeded");
    expect((await listRuns({ batchId: first!.batchId })).length).toBe(2);
  });
});
