/** One execution per batch manifest, named after the batch (idempotent on both backends). */
export const executionNameFor = (batchId: string) => `batch-${batchId}`;
export const rerunExecutionName = (batchId: string, now = new Date()) => `batch-${batchId}-rerun-${now.getTime().toString(36)}`;
