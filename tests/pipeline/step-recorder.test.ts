// The local runner's bookkeeping: writes are queued beside the pipeline, land in order, and a failed
// write is reported rather than lost.
import { expect, it } from "vitest";
import { createBatch } from "@/lib/db/batches";
import { readLogs } from "@/lib/db/logs";
import { createRun, getRun } from "@/lib/db/runs";
import { StepRecorder } from "@/lib/local/orchestrator/step-recorder";
import { describeEachDb } from "../db/helpers/targets";

describeEachDb("step recorder", () => {
  it("records steps in call order without the caller waiting, and settled() sees them all", async () => {
    await createBatch({ id: "b-rec", month: "2025-11", source: "cli" });
    const run = await createRun({ batchId: "b-rec", month: "2025-11", executionName: "batch-b-rec" });
    const rec = new StepRecorder(run.id);
    rec.declareSteps();
    const t0 = Date.now();
    rec.stepStarted("ValidateBatch");
    rec.logger("ValidateBatch")("info", "checked 7 files");
    rec.stepEnded("ValidateBatch", t0, null);
    rec.stepStarted("Job1RawToProcessed");
    rec.stepEnded("Job1RawToProcessed", t0, new Error("orders.csv, line 1: missing required column total"));
    await rec.settled();

    const steps = (await getRun(run.id))!.steps;
    expect(steps.map((s) => [s.name, s.status])).toEqual([
      ["ValidateBatch", "succeeded"],
      ["Job1RawToProcessed", "failed"],
      ["Job2ProcessedToCurated", "pending"],
      ["QualityGate", "pending"],
      ["Job3CuratedToDatabase", "pending"],
      ["CrawlProcessed", "pending"],
      ["CrawlCurated", "pending"],
      ["PublishRunSummary", "pending"],
    ]);
    expect(steps[1]!.error).toBe("orders.csv, line 1: missing required column total");
    expect(steps[0]!.startedAt).toBeInstanceOf(Date);
    const logs = await readLogs(run.id, "ValidateBatch", { afterId: null, limit: 10 });
    expect(logs.lines.map((l) => l.message)).toEqual(["ValidateBatch started", "checked 7 files", expect.stringMatching(/^ValidateBatch succeeded in \d+ ms$/)]);

    await rec.runStatus({ status: "failed", endedAt: new Date(), error: "Job1RawToProcessed: boom" });
    expect((await getRun(run.id))!.status).toBe("failed");
  });

  it("a write that fails is reported by settled() and stops the run's final status", async () => {
    const rec = new StepRecorder("no-such-run");
    rec.stepStarted("ValidateBatch"); // the step's run does not exist: a foreign-key violation
    await expect(rec.settled()).rejects.toThrow();
    await expect(rec.runStatus({ status: "succeeded" })).rejects.toThrow();
  });
});
