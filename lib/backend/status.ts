/**
 * Run and step statuses: one definition for server, UI and CLI (no server imports here).
 * `held`: the quality gate kept the run's month from being published (nothing published changed).
 */
export const RUN_STATUSES = ["pending", "running", "succeeded", "partial", "held", "failed"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const STEP_STATUSES = ["pending", "running", "succeeded", "failed", "skipped"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** A run in one of these has ended: nothing more will happen to it unless someone retries or publishes it. */
export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ["succeeded", "partial", "held", "failed"];
export const FINISHED_STEP_STATUSES: readonly StepStatus[] = ["succeeded", "failed", "skipped"];

export const isFinishedRun = (s: string): boolean => (FINISHED_RUN_STATUSES as readonly string[]).includes(s);
export const isFinishedStep = (s: string): boolean => (FINISHED_STEP_STATUSES as readonly string[]).includes(s);
