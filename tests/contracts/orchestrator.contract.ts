/**
 * The Orchestrator contract (Step Functions on AWS, the ASL run in-process locally).
 * A harness prepares batches whose runs succeed or fail, and says when an execution has settled.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STEP_NAMES, type ExecutionInfo, type Orchestrator, type StartRequest } from "@/lib/backend/types";

export interface OrchestratorHarness {
  orchestrator: Orchestrator;
  /** A new batch in the lake whose run will succeed. */
  newBatch(): Promise<StartRequest>;
  /** A new batch whose run fails in Job2ProcessedToCurated (the job throws / the Glue job run FAILS). */
  newFailingBatch(): Promise<StartRequest>;
  /**
   * A started execution that failed in Job2ProcessedToCurated in a way the orchestrator can redrive;
   * its next attempt of that step succeeds.
   */
  redrivableFailure(): Promise<{ executionId: string }>;
  /**
   * A started execution whose Job2ProcessedToCurated failed and was caught by the state machine
   * (Catch → PublishFailureSummary → RunFailed); the next attempt of that step succeeds.
   */
  caughtFailure(): Promise<{ executionId: string }>;
  /** Resolves once the execution is no longer running. */
  settle(executionId: string): Promise<void>;
  close?(): Promise<void>;
}

export function orchestratorContract(label: string, make: () => Promise<OrchestratorHarness>): void {
  describe(`Orchestrator contract: ${label}`, () => {
    let h: OrchestratorHarness;
    beforeAll(async () => {
      h = await make();
    });
    afterAll(async () => h?.close?.());

    const run = async (req: StartRequest): Promise<ExecutionInfo> => {
      const { executionId } = await h.orchestrator.start(req);
      await h.settle(executionId);
      return h.orchestrator.describe(executionId);
    };

    it("runs a batch: every step succeeds, in the state machine's order", async () => {
      const info = await run(await h.newBatch());
      expect(info.status).toBe("succeeded");
      expect(info.error).toBeNull();
      expect(info.steps.map((s) => s.name)).toEqual([...STEP_NAMES]);
      for (const s of info.steps) {
        expect(s.status, s.name).toBe("succeeded");
        expect(s.startedAt, s.name).toBeInstanceOf(Date);
        expect(s.endedAt!.getTime(), s.name).toBeGreaterThanOrEqual(s.startedAt!.getTime());
        expect(s.attempt, s.name).toBeGreaterThanOrEqual(1);
      }
      // Steps happen one after another.
      for (let i = 1; i < info.steps.length; i++) {
        expect(info.steps[i]!.startedAt!.getTime()).toBeGreaterThanOrEqual(info.steps[i - 1]!.startedAt!.getTime());
      }
      expect(info.endedAt!.getTime()).toBeGreaterThanOrEqual(info.startedAt.getTime());
    });

    it("starts exactly one execution per batch, and finds it", async () => {
      const req = await h.newBatch();
      const a = await h.orchestrator.start(req);
      const b = await h.orchestrator.start(req);
      expect(b.executionId).toBe(a.executionId);
      await h.settle(a.executionId);
      const c = await h.orchestrator.start(req);
      expect(c.executionId).toBe(a.executionId);
      expect(await h.orchestrator.findExecutionForBatch(req.batchId)).toBe(a.executionId);
      expect(await h.orchestrator.findExecutionForBatch("never-started-batch")).toBeNull();
    });

    it("a failing job fails the run at that step; later steps do not run", async () => {
      const info = await run(await h.newFailingBatch());
      expect(info.status).toBe("failed");
      const by = Object.fromEntries(info.steps.map((s) => [s.name, s]));
      expect(by.ValidateBatch!.status).toBe("succeeded");
      expect(by.Job1RawToProcessed!.status).toBe("succeeded");
      expect(by.Job2ProcessedToCurated!.status).toBe("failed");
      expect(by.Job2ProcessedToCurated!.error).toBeTruthy();
      for (const later of ["QualityGate", "Job3CuratedToDatabase", "CrawlProcessed", "CrawlCurated", "PublishRunSummary"]) {
        expect(["skipped", "pending"], later).toContain(by[later]!.status);
        expect(by[later]!.startedAt, later).toBeNull();
      }
      expect(info.error).toMatch(/Job2ProcessedToCurated/);
    });

    it("redrive re-runs the failed step, not the ones before it", async () => {
      const { executionId } = await h.redrivableFailure();
      await h.settle(executionId);
      const before = await h.orchestrator.describe(executionId);
      expect(before.status).toBe("failed");
      const job1Attempts = before.steps.find((s) => s.name === "Job1RawToProcessed")!.attempt;
      const { executionId: carrier } = await h.orchestrator.redrive(executionId);
      await h.settle(carrier);
      const after = await h.orchestrator.describe(carrier);
      expect(after.status).toBe("succeeded");
      expect(after.steps.every((s) => s.status === "succeeded")).toBe(true);
      expect(after.steps.find((s) => s.name === "Job1RawToProcessed")!.attempt).toBe(job1Attempts);
      expect(after.error).toBeNull();
    });

    it("retry of a caught failure: a new execution resumes the run at the failed step", async () => {
      const { executionId } = await h.caughtFailure();
      await h.settle(executionId);
      const before = await h.orchestrator.describe(executionId);
      expect(before.status).toBe("failed");
      expect(before.steps.find((s) => s.name === "Job2ProcessedToCurated")!.status).toBe("failed");
      const attemptsBefore = Object.fromEntries(before.steps.map((s) => [s.name, s.attempt]));

      const { executionId: retried } = await h.orchestrator.redrive(executionId);
      expect(retried).not.toBe(executionId);
      await h.settle(retried);
      const after = await h.orchestrator.describe(retried);
      expect(after.name).toBe(`${before.name}-r2`);
      expect(after.status).toBe("succeeded");
      expect(after.error).toBeNull();
      expect(after.resumedFrom).toBe("Job2ProcessedToCurated");
      const by = Object.fromEntries(after.steps.map((s) => [s.name, s]));
      for (const s of after.steps) expect(s.status, s.name).toBe("succeeded");
      // Job 1 is not run again; the batch is validated again; job 2 has its 2nd attempt.
      expect(by.Job1RawToProcessed!.attempt).toBe(attemptsBefore.Job1RawToProcessed);
      expect(by.ValidateBatch!.attempt).toBe(attemptsBefore.ValidateBatch! + 1);
      expect(by.Job2ProcessedToCurated!.attempt).toBe(attemptsBefore.Job2ProcessedToCurated! + 1);
      expect(by.Job3CuratedToDatabase!.attempt).toBe(1);
      expect(by.Job2ProcessedToCurated!.startedAt).toBeInstanceOf(Date);

      // The retried execution succeeded: nothing is left to retry.
      await expect(h.orchestrator.redrive(retried)).rejects.toMatchObject({ status: 409 });
    });

    it("refuses to retry an execution that succeeded (409)", async () => {
      const { executionId } = await h.orchestrator.start(await h.newBatch());
      await h.settle(executionId);
      await expect(h.orchestrator.redrive(executionId)).rejects.toMatchObject({ status: 409 });
    });

    it("describing an unknown execution rejects", async () => {
      await expect(h.orchestrator.describe("batch-does-not-exist")).rejects.toThrow();
    });
  });
}
