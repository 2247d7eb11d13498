import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setBackendForTests } from "@/lib/wiring";
import { createLocalBackend } from "@/lib/local/backend";
import { config } from "@/lib/config";
import { listAudit } from "@/lib/db/audit";
import { setSetting } from "@/lib/db/settings";
import { runJob2 } from "@/lib/pipeline/jobs/job2-processed-to-curated";
import type { JobContext } from "@/lib/pipeline/jobs/context";
import { LocalOrchestrator } from "@/lib/local/orchestrator/local-orchestrator";
import { retryRun, waitForRun } from "@/lib/services/runs";
import { notificationsSettled, setNotifyOptionsForTests } from "@/lib/notify/notify";
import { notifyRunEnded } from "@/lib/notify/run-ended";
import { fullMonth } from "../support/fixtures";
import { freshPipelineEnv, runBatch } from "../support/pipeline-env";
import { startHttpReceiver, type HttpReceiver } from "./receivers";

describe("runs notify operators through the local orchestrator", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  let hook: HttpReceiver;
  let failJob2 = false;

  beforeAll(async () => {
    env = await freshPipelineEnv();
    hook = await startHttpReceiver(500);
    setNotifyOptionsForTests({ delays: [20, 20, 20, 20] });
    const backend = createLocalBackend(config());
    const orchestrator = new LocalOrchestrator({
      lake: backend.lake,
      catalog: backend.catalog,
      timeZone: "UTC",
      workRoot: path.join(env.dataDir, "work"),
      jobs: {
        job2: async (ctx: JobContext) => {
          if (failJob2) throw new Error("simulated crash in job 2");
          return runJob2(ctx);
        },
      },
    });
    setBackendForTests({ ...backend, orchestrator, onManifestWritten: async (req) => void (await orchestrator.start(req)) });
    await setSetting("notify", { webhookUrl: hook.url, smtp: null, expectedDay: null }, null);
  });
  afterAll(async () => {
    setNotifyOptionsForTests({});
    await hook.close();
    await env.cleanup();
  });

  it("a first run that succeeds says nothing", async () => {
    const ok = await runBatch(path.join(env.dataDir, "in", "a"), "2025-11", fullMonth());
    expect(ok.run.status).toBe("succeeded");
    await notificationsSettled();
    expect(hook.bodies).toHaveLength(0);
  });

  it("a failed run ends at once while a failing receiver is retried and then reported; a retry that succeeds is announced once", async () => {
    failJob2 = true;
    const bad = await runBatch(path.join(env.dataDir, "in", "b"), "2025-11", fullMonth());
    // The run is recorded as failed before (and regardless of) the notification.
    expect(bad.run.status).toBe("failed");
    await notificationsSettled();
    expect(hook.bodies).toHaveLength(5);
    expect(hook.bodies[0]).toMatchObject({ event: "run.failed", runId: bad.runId, month: "2025-11", execution: `batch-${bad.batchId}` });
    expect(String(hook.bodies[0]!.error)).toContain("simulated crash in job 2");
    const [failure] = await listAudit({ action: "notify.failed" });
    expect(failure).toMatchObject({ target: "webhook:run.failed", details: { runId: bad.runId, attempts: 5 } });

    // The same ending seen again (recovery, a second process) is not sent again.
    notifyRunEnded(bad.runId, `batch-${bad.batchId}`, { wasRetry: false });
    await notificationsSettled();
    expect(hook.bodies).toHaveLength(5);

    hook.status = 200;
    failJob2 = false;
    const { executionId } = await retryRun(bad.runId);
    expect((await waitForRun(bad.runId)).status).toBe("succeeded");
    await notificationsSettled();
    expect(hook.bodies).toHaveLength(6);
    expect(hook.bodies[5]).toMatchObject({ event: "run.succeeded_after_retry", runId: bad.runId, execution: executionId });
    notifyRunEnded(bad.runId, executionId, { wasRetry: true });
    await notificationsSettled();
    expect(hook.bodies).toHaveLength(6);
    const [delivered] = await listAudit({ action: "notify.delivered" });
    expect(delivered).toMatchObject({ target: "webhook:run.succeeded_after_retry", details: { attempts: 1 } });
  });
});
