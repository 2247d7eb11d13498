import "server-only";
import { getRun, listRuns } from "../db/runs";
import { getSetting } from "../db/settings";
import type { NotifyEvent } from "./events";
import { inBackground, sendOnce } from "./notify";

/**
 * Tells operators how an execution of a run ended: failed (or partial: some tables failed), held by
 * the quality gate, or succeeded when this is a retry or an earlier attempt of the batch failed.
 * Detached: the run is already recorded as ended.
 */
export function notifyRunEnded(runId: string, execution: string, opts: { wasRetry: boolean }): void {
  inBackground(`run ${runId}`, async () => {
    const settings = await getSetting("notify");
    if (!settings.webhookUrl && !settings.smtp) return;
    const event = await eventFor(runId, execution, opts.wasRetry);
    if (event) await sendOnce(`notify:${event.kind}:${execution}`, event);
  });
}

async function eventFor(runId: string, execution: string, wasRetry: boolean): Promise<NotifyEvent | null> {
  const run = await getRun(runId);
  if (!run) return null;
  const base = { month: run.month, batchId: run.batchId, runId: run.id, execution };
  if (run.status === "failed" || run.status === "partial") return { kind: "run.failed", ...base, error: run.error };
  if (run.status === "held") return { kind: "run.held", ...base, error: run.error };
  if (run.status !== "succeeded") return null;
  const retried = wasRetry || run.retryOfId !== null || run.steps.some((s) => s.attempt > 1);
  const earlierFailed = retried || (await listRuns({ batchId: run.batchId, status: ["failed", "partial"], limit: 1 })).length > 0;
  return earlierFailed ? { kind: "run.succeeded_after_retry", ...base } : null;
}
