import type { Backend, Orchestrator } from "../backend/types";
import { STEP_NAMES } from "../backend/types";
import type { GateDecision } from "../contracts/gate";
import { isFinishedRun } from "../contracts/status";
import { saveQualityReport } from "../db/quality";
import { getRun, updateRun, upsertStep } from "../db/runs";
import type { LakeStorage } from "../lake/storage";
import { readReport } from "../pipeline/reports";
import { qualityFromReports, readRunReports } from "./run-reports";

/**
 * On AWS the run happens in Step Functions and Glue, not in this process: this copies the execution's
 * state (steps from its history, quality and the quality gate's decision from the run's reports in the
 * lake) into the run's rows, so the portal and `npm run pipeline` read runs the same way on both
 * backends.
 */
export function awsRunSync(orchestrator: Orchestrator, lake: LakeStorage): Pick<Backend, "syncRun" | "followExecution"> {
  async function syncRun(runId: string): Promise<void> {
    const run = await getRun(runId);
    if (!run || isFinishedRun(run.status)) return;
    let info;
    try {
      // The run's current execution: after a retry that is not the one the run is named after.
      info = await orchestrator.describe(run.executionId ?? run.executionName);
    } catch {
      return; // EventBridge has not started the execution yet
    }
    const resumedAt = info.resumedFrom ? STEP_NAMES.indexOf(info.resumedFrom) : 0;
    for (const s of info.steps) {
      const position = Math.max(0, STEP_NAMES.indexOf(s.name as never));
      // A step a retry skipped keeps what the earlier execution that ran it recorded (times, job run id).
      if (position < resumedAt && s.startedAt === null) continue;
      await upsertStep(runId, s.name, position, {
        status: s.status,
        startedAt: s.startedAt,
        endedAt: s.endedAt,
        durationMs: s.startedAt && s.endedAt ? s.endedAt.getTime() - s.startedAt.getTime() : null,
        error: s.error,
        externalId: s.externalId,
        attempt: s.attempt,
      });
    }
    // The gate's decision is shown (and "Publish anyway" offered) as soon as the gate has run.
    const gateRan = info.steps.some((s) => s.name === "QualityGate" && s.status === "succeeded");
    let gate: GateDecision | undefined;
    if (isFinishedRun(info.status)) {
      const reports = await readRunReports(lake, run.executionName);
      for (const q of qualityFromReports(reports)) await saveQualityReport(runId, q.table, q);
      gate = reports.gate ?? undefined;
    } else if (gateRan) {
      gate = (await readReport(lake, run.executionName, "gate")) ?? undefined;
    }
    await updateRun(runId, {
      gate,
      status: info.status,
      executionId: info.executionId,
      // A retry execution continues the run: the run keeps its start (its duration is the retry's, as locally).
      startedAt: info.resumedFrom ? undefined : info.startedAt,
      endedAt: info.endedAt,
      durationMs: info.endedAt ? info.endedAt.getTime() - info.startedAt.getTime() : null,
      error: info.error,
    });
  }

  /** After a retry: the run follows the execution that now carries it, from which the next sync copies steps (and status). */
  async function followExecution(runId: string, executionId: string): Promise<void> {
    await updateRun(runId, { executionId, status: "running", endedAt: null, durationMs: null, error: null });
    await syncRun(runId);
  }

  return { syncRun, followExecution };
}
