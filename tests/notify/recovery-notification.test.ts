import { hostname } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STEP_NAMES, type Orchestrator } from "@/lib/backend/types";
import { createBatch } from "@/lib/db/batches";
import { declareSteps, ensureRun, getRun, updateRun, upsertStep } from "@/lib/db/runs";
import { setSetting } from "@/lib/db/settings";
import { notificationsSettled } from "@/lib/notify/notify";
import { recoverInterruptedRuns } from "@/lib/local/recovery";
import { freshPipelineEnv } from "../support/pipeline-env";
import { startHttpReceiver, type HttpReceiver } from "./receivers";

describe("crash recovery tells operators of the run it ends as failed", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  let hook: HttpReceiver;
  beforeAll(async () => {
    env = await freshPipelineEnv();
    hook = await startHttpReceiver();
  });
  afterAll(async () => {
    await hook.close();
    await env.cleanup();
  });

  it("notifies once, whoever recovers it", async () => {
    await setSetting("notify", { webhookUrl: hook.url, smtp: null, expectedDay: null }, null);
    await createBatch({ id: "b-dead", month: "2025-10" });
    const run = await ensureRun({ batchId: "b-dead", month: "2025-10", executionName: "batch-b-dead" });
    await declareSteps(run.id, STEP_NAMES);
    await upsertStep(run.id, "Job1RawToProcessed", 1, { status: "running", startedAt: new Date() });
    // Owned by a process of this host that no longer exists.
    await updateRun(run.id, { status: "running", ownerId: `${hostname()}:999999:1`, heartbeatAt: new Date() });
    const noRedrive = { redrive: async () => ({ executionId: "x" }), start: async () => ({ executionId: "x" }) } as unknown as Orchestrator;
    const recovered = await recoverInterruptedRuns(noRedrive);
    expect(recovered).toEqual([{ runId: run.id, step: "Job1RawToProcessed", resumed: false }]);
    expect((await getRun(run.id))!.status).toBe("failed");
    await recoverInterruptedRuns(noRedrive);
    await notificationsSettled();
    expect(hook.bodies).toHaveLength(1);
    expect(hook.bodies[0]).toMatchObject({ event: "run.failed", runId: run.id, month: "2025-10", execution: "batch-b-dead" });
    expect(String(hook.bodies[0]!.error)).toContain("interrupted during Job1RawToProcessed");
  });
});
