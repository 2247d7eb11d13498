import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { STEP_NAMES, type Orchestrator } from "../backend/types";
import { appendLogLines } from "../db/logs";
import { claimInterruptedRun, getRun, listOwnedUnfinishedRuns, listUnstartedRuns, upsertStep } from "../db/runs";
import { lakeKeys } from "../lake/keys";
import { notifyRunEnded } from "../notify/run-ended";
import { ownerIsGone, PROCESS_OWNER, STALE_AFTER_MS } from "./orchestrator/run-owner";

export interface Recovered {
  runId: string;
  step: string;
  /** The interrupted step published the month (or came after it): the publish was run again. */
  resumed: boolean;
}

/** From job 3 on, the month may be half published: those steps are run again at once. */
const PUBLISH_FROM = STEP_NAMES.indexOf("Job3CuratedToDatabase");

/**
 * Local backend: a run whose process is gone (killed, crashed, the machine restarted) is ended as
 * failed, with the step it was in and why, so it can be retried from that step; one interrupted while
 * publishing is published again straight away, so the lake, the database and "data as of" all name one
 * run. Runs registered but never started (the process died between the manifest and the start) start.
 * Called at start-up and on a timer.
 */
export async function recoverInterruptedRuns(orchestrator: Orchestrator, now = new Date(), workRoot?: string): Promise<Recovered[]> {
  const out: Recovered[] = [];
  for (const run of await listOwnedUnfinishedRuns()) {
    if (!run.ownerId || run.ownerId === PROCESS_OWNER) continue;
    const silentFor = now.getTime() - (run.heartbeatAt ?? run.startedAt).getTime();
    if (!ownerIsGone(run.ownerId) && silentFor < STALE_AFTER_MS) continue;
    const steps = (await getRun(run.id))?.steps ?? [];
    const current = steps.find((s) => s.status === "running") ?? steps.find((s) => s.status === "pending");
    const step = current?.name ?? "ValidateBatch";
    const since = (run.heartbeatAt ?? run.startedAt).toISOString();
    const error = `interrupted during ${step}: the process running it (${run.ownerId}) stopped; last heard of at ${since}`;
    const claimed = await claimInterruptedRun(run.id, run.ownerId, { status: "failed", endedAt: now, error, ownerId: null });
    if (!claimed) continue;
    for (const s of steps) {
      if (s.name === step) await upsertStep(run.id, s.name, s.position, { status: "failed", endedAt: now, error });
      else if (s.status === "pending" || s.status === "running") await upsertStep(run.id, s.name, s.position, { status: "skipped" });
    }
    await appendLogLines(run.id, step, [{ ts: now, level: "error", message: error }]);
    const resumed = STEP_NAMES.indexOf(step as never) >= PUBLISH_FROM;
    if (resumed) {
      await appendLogLines(run.id, step, [{ ts: new Date(), level: "warn", message: `publishing again from ${step} (recovery)` }]);
      await orchestrator.redrive(run.executionId ?? run.executionName);
    } else {
      // Nothing will run it again by itself: operators are told, as for any failed run.
      notifyRunEnded(run.id, run.executionId ?? run.executionName, { wasRetry: false });
    }
    // After the redrive, so a run being published again shows "failed" no longer than it must (the
    // redrive's own work folder is newer than `now` and stays).
    if (workRoot) await removeStaleWork(workRoot, run.executionName, now);
    out.push({ runId: run.id, step, resumed });
  }
  for (const run of await listUnstartedRuns(new Date(now.getTime() - 2 * STALE_AFTER_MS))) {
    await orchestrator.start({ batchId: run.batchId, month: run.month, manifestKey: lakeKeys.manifest(run.month, run.batchId), name: run.executionName });
    out.push({ runId: run.id, step: "ValidateBatch", resumed: true });
  }
  return out;
}

/**
 * The work folders the dead process left for the run (`<execution>-<id>`: job 1's copies and partial
 * outputs; a killed scale-30 job 1 left 51 MB). Only the process running an execution removes its
 * folder, so no one else would. A folder made after `before` belongs to a newer execution and stays.
 */
async function removeStaleWork(workRoot: string, executionName: string, before: Date): Promise<void> {
  const entries = await readdir(workRoot, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (!e.isDirectory() || !e.name.startsWith(`${executionName}-`)) continue;
    const dir = path.join(workRoot, e.name);
    const made = await stat(dir).then((st) => st.birthtimeMs || st.ctimeMs, () => Infinity);
    if (made < before.getTime()) await rm(dir, { recursive: true, force: true });
  }
}
