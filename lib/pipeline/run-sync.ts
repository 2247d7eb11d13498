import { readRunReports, qualityFromReports } from "../aws/run-reports";
import { getBackend } from "../backend";
import { STEP_NAMES } from "../backend/types";
import { saveQualityReport } from "../db/quality";
import { getRun, updateRun, upsertStep } from "../db/runs";

const TERMINAL = new Set(["succeeded", "partial", "failed"]);

/**
 * On AWS the run happens in Step Functions and Glue, not in this process: this copies the execution's
 * state (steps from its history, quality from the jobs' reports in the lake) into the run's rows, so the
 * portal and `npm run pipeline` read runs the same way on both backends. Locally it does nothing: the
 * in-process runner writes the rows as it goes.
 */
export async function syncRun(runId: string): Promise<void> {
  const backend = await getBackend();
  if (backend.kind !== "aws") return;
  const run = await getRun(runId);
  if (!run || TERMINAL.has(run.status)) return;
  let info;
  try {
    info = await backend.orchestrator.describe(run.executionName);
  } catch {
    return; // EventBridge has not started the execution yet
  }
  for (const s of info.steps) {
    await upsertStep(runId, s.name, Math.max(0, STEP_NAMES.indexOf(s.name as never)), {
      status: s.status,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      durationMs: s.startedAt && s.endedAt ? s.endedAt.getTime() - s.startedAt.getTime() : null,
      error: s.error,
      externalId: s.externalId,
      attempt: s.attempt,
    });
  }
  if (TERMINAL.has(info.status)) {
    for (const q of qualityFromReports(await readRunReports(backend.lake, run.executionName))) await saveQualityReport(runId, q.table, q);
  }
  await updateRun(runId, {
    status: info.status,
    executionId: info.executionId,
    startedAt: info.startedAt,
    endedAt: info.endedAt,
    durationMs: info.endedAt ? info.endedAt.getTime() - info.startedAt.getTime() : null,
    error: info.error,
  });
}
