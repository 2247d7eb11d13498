import { AppError } from "../errors";

/** Step Functions' rule for an execution name; both backends keep it, so a run has one name everywhere. */
const EXECUTION_NAME = /^[A-Za-z0-9_-]{1,80}$/;

export const isExecutionName = (name: string): boolean => EXECUTION_NAME.test(name);

/** One execution per batch manifest, named after the batch (idempotent on both backends). */
export function executionNameFor(batchId: string): string {
  const name = `batch-${batchId}`;
  if (!isExecutionName(name)) throw new AppError(400, "bad_batch_id", `Batch id cannot name an execution: ${batchId}`);
  return name;
}

export const rerunExecutionName = (batchId: string, now = new Date()) => `batch-${batchId}-rerun-${now.getTime().toString(36)}`;
