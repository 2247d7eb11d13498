/**
 * The Glue job run id the run's row recorded for a step. A retry execution skips the steps an earlier
 * execution of the run completed, so their job runs (and logs) are known only from that row, which
 * run-sync filled while the earlier execution ran.
 */
export async function recordedJobRun(runId: string, step: string): Promise<string | null> {
  // Loaded on use: the database client is not needed to build the backend.
  const { getRun } = await import("../db/runs");
  const run = await getRun(runId);
  return run?.steps.find((s) => s.name === step)?.externalId ?? null;
}
