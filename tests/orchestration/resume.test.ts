import { describe, expect, it } from "vitest";
import { attemptsSoFar, executionNumber, parseExecutionInput, resumePoint, retryExecutionName, stepsOfRetry } from "@/lib/backend/resume";
import { STEP_NAMES, type ExecutionStep, type StepStatus } from "@/lib/backend/types";

const steps = (statuses: StepStatus[], attempts: number[] = []): ExecutionStep[] =>
  STEP_NAMES.map((name, i) => ({
    name,
    status: statuses[i] ?? "pending",
    startedAt: statuses[i] === "pending" || statuses[i] === "skipped" || statuses[i] === undefined ? null : new Date(Date.UTC(2025, 11, 1, 8, i)),
    endedAt: null,
    error: null,
    externalId: null,
    attempt: attempts[i] ?? 1,
  }));

describe("retry execution names", () => {
  it("is <run name>-r<n>, and the number reads back", () => {
    expect(retryExecutionName("batch-20251103T140500Z-3f9a1c2b", 2)).toBe("batch-20251103T140500Z-3f9a1c2b-r2");
    expect(executionNumber("batch-b1", "batch-b1")).toBe(1);
    expect(executionNumber("batch-b1", "batch-b1-r2")).toBe(2);
    expect(executionNumber("batch-b1", retryExecutionName("batch-b1", 12))).toBe(12);
    // A batch id that itself ends like a retry suffix: the run's own name is execution 1.
    expect(executionNumber("batch-x-r7", "batch-x-r7")).toBe(1);
    expect(executionNumber("batch-x-r7", "batch-x-r7-r2")).toBe(2);
  });

  it("stays a valid, deterministic Step Functions name (≤ 80 of [A-Za-z0-9_-]) for long run names", () => {
    const long = `batch-${"a".repeat(74)}`;
    const other = `batch-${"a".repeat(73)}b`;
    for (const n of [2, 10, 999]) {
      const name = retryExecutionName(long, n);
      expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
      expect(name.endsWith(`-r${n}`)).toBe(true);
      expect(retryExecutionName(long, n)).toBe(name);
      expect(retryExecutionName(other, n)).not.toBe(name);
      expect(executionNumber(long, name)).toBe(n);
    }
  });
});

describe("where a retry resumes", () => {
  // STEP_NAMES: ValidateBatch, Job1, Job2, QualityGate, Job3, CrawlProcessed, CrawlCurated, PublishRunSummary.
  it("a failed run: its first step after ValidateBatch that did not succeed", () => {
    expect(resumePoint("failed", steps(["succeeded", "succeeded", "failed", "skipped", "skipped", "skipped", "skipped", "skipped"]))).toBe("Job2ProcessedToCurated");
    // The gate function failed (not: held): the gate runs again.
    expect(resumePoint("failed", steps(["succeeded", "succeeded", "succeeded", "failed", "skipped"]))).toBe("QualityGate");
    // ValidateBatch failed in a first execution: from job 1 (ValidateBatch always runs again).
    expect(resumePoint("failed", steps(["failed", "skipped", "skipped"]))).toBe("Job1RawToProcessed");
    // ...and in a retry that had resumed at job 3: job 3 again, not job 1.
    expect(resumePoint("failed", steps(["failed", "succeeded", "succeeded", "succeeded", "skipped", "skipped", "skipped", "skipped"]))).toBe("Job3CuratedToDatabase");
    // A crawl after the publish failed: the crawl again, not the publish.
    expect(resumePoint("failed", steps(["succeeded", "succeeded", "succeeded", "succeeded", "succeeded", "failed", "skipped", "skipped"]))).toBe("CrawlProcessed");
  });

  it("a partial run re-runs job 1 onwards; a held run is published from job 3; succeeded and running runs have nothing to retry", () => {
    const done = steps(Array(8).fill("succeeded"));
    expect(resumePoint("partial", done)).toBe("Job1RawToProcessed");
    expect(resumePoint("held", steps(["succeeded", "succeeded", "succeeded", "succeeded", "skipped", "skipped", "skipped", "succeeded"]))).toBe("Job3CuratedToDatabase");
    expect(resumePoint("succeeded", done)).toBeNull();
    expect(resumePoint("running", steps(["succeeded", "running"]))).toBeNull();
  });

  it("carries the attempts of the steps that ran", () => {
    expect(attemptsSoFar(steps(["succeeded", "succeeded", "succeeded", "failed", "skipped"], [1, 2, 1, 3, 1]))).toEqual({
      ValidateBatch: 1,
      Job1RawToProcessed: 2,
      Job2ProcessedToCurated: 1,
      QualityGate: 3,
    });
  });

  it("a retry's steps as the run sees them: skipped ones succeeded before, the others add their earlier attempts", () => {
    const ran = steps(["succeeded", "skipped", "skipped", "skipped", "running"], [1, 1, 1, 1, 1]);
    const view = stepsOfRetry(ran, "Job3CuratedToDatabase", { ValidateBatch: 1, Job1RawToProcessed: 2, Job2ProcessedToCurated: 1, QualityGate: 1, Job3CuratedToDatabase: 1 });
    expect(view.map((s) => [s.status, s.attempt])).toEqual([
      ["succeeded", 2],
      ["succeeded", 2],
      ["succeeded", 1],
      ["succeeded", 1],
      ["running", 2],
      ["pending", 1],
      ["pending", 1],
      ["pending", 1],
    ]);
    expect(view[1]!.startedAt).toBeNull();
    expect(view[3]!.startedAt).toBeNull();
  });

  it("reads only inputs it understands", () => {
    expect(parseExecutionInput('{"manifestKey":"k"}')).toEqual({ manifestKey: "k" });
    expect(parseExecutionInput('{"manifestKey":"k","resumeFrom":"Job3CuratedToDatabase","run":{"name":"batch-b","attempts":{"Job3CuratedToDatabase":1}}}')).toEqual({
      manifestKey: "k",
      resumeFrom: "Job3CuratedToDatabase",
      run: { name: "batch-b", attempts: { Job3CuratedToDatabase: 1 } },
    });
    expect(parseExecutionInput('{"manifestKey":"k","resumeFrom":"NoSuchStep"}')).toBeNull();
    expect(parseExecutionInput("not json")).toBeNull();
    expect(parseExecutionInput(undefined)).toBeNull();
  });
});
