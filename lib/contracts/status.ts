/**
 * Run and step statuses: one definition for server, UI and CLI (no server imports here).
 * `held`: the quality gate kept the run's month from being published (nothing published changed).
 */
export const RUN_STATUSES = ["pending", "running", "succeeded", "partial", "held", "failed"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const STEP_STATUSES = ["pending", "running", "succeeded", "failed", "skipped"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** A run in one of these has ended: nothing more will happen to it unless someone retries or publishes it. */
export const FINISHED_RUN_STATUSES = ["succeeded", "partial", "held", "failed"] as const satisfies readonly RunStatus[];
export type FinishedRunStatus = (typeof FINISHED_RUN_STATUSES)[number];
export const FINISHED_STEP_STATUSES = ["succeeded", "failed", "skipped"] as const satisfies readonly StepStatus[];

export const isFinishedRun = (s: string): s is FinishedRunStatus => (FINISHED_RUN_STATUSES as readonly string[]).includes(s);
export const isFinishedStep = (s: string): boolean => (FINISHED_STEP_STATUSES as readonly string[]).includes(s);

/** The words people (and the end-to-end tests) read for each status. */
export const STATUS_LABELS: Record<RunStatus | StepStatus, string> = {
  pending: "Pending",
  running: "Running",
  succeeded: "Succeeded",
  partial: "Partial",
  held: "Held",
  failed: "Failed",
  skipped: "Skipped",
};

/** A status's label; an unknown word is shown as it is. */
export const statusLabel = (s: string): string => (STATUS_LABELS as Record<string, string>)[s] ?? s;
