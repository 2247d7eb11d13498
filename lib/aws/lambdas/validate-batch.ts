// ValidateBatch (first task of the state machine) on AWS, as the local backend's ValidateBatch step:
// the shared validation (lib/pipeline/jobs/validate-batch.ts over lib/lake/manifest.ts), then the
// batch's read plan (lib/pipeline/plan: each file's header read through the batch's source profile, job
// 1's SQL rendered) written to processed/_reports/<run name>/plan.json for the Glue job 1 to follow.
// Returns {batchId, month, tables}. A BatchValidationError is not retried by the state machine, a
// TransientError is. Bundled into infra/lambda/validate-batch/ with the job 1 SQL files it renders
// (scripts/build-infra-artifacts.ts).
import { S3Client } from "@aws-sdk/client-s3";
import { BatchValidationError, validateBatch } from "../../pipeline/jobs/validate-batch";
import { planBatch } from "../../pipeline/plan/batch-plan";
import { writePlan } from "../../pipeline/plan/store";
import { isTransient, type RetryOptions } from "../retry";
import { s3ReadLake } from "./s3-read-lake";
import { TransientError } from "./transient-error";

export { BatchValidationError, TransientError };

export interface ValidateBatchResult {
  batchId: string;
  month: string;
  tables: string[];
}

/** The state's input: {manifestKey, run: {name}} (the state machine names the run before this task). */
interface Event {
  manifestKey?: unknown;
  run?: { name?: unknown };
}

export function makeHandler({ s3, bucket, retry, now = () => new Date() }: { s3: S3Client; bucket: string; retry?: RetryOptions; now?: () => Date }) {
  const lake = s3ReadLake(s3, bucket, retry);
  return async function handler(event: Event): Promise<ValidateBatchResult> {
    const manifestKey = typeof event?.manifestKey === "string" ? event.manifestKey : String(event?.manifestKey);
    const runName = typeof event?.run?.name === "string" ? event.run.name : null;
    try {
      const m = await validateBatch(lake, manifestKey);
      if (!runName) throw new BatchValidationError(`${manifestKey}: the state machine gave no run name to plan the batch under`);
      const plan = await planBatch(lake, m, now().getUTCFullYear());
      await writePlan(lake, runName, plan);
      const tables = plan.tables.map((t) => (t.error ? { table: t.table, error: t.error } : { table: t.table, encoding: t.encoding, delimiter: t.delimiter, columns: t.header.length, collapse: t.collapse }));
      console.log(JSON.stringify({ msg: "batch valid, plan written", batchId: m.batchId, month: m.month, runName, profile: m.profile?.name ?? null, tables }));
      return { batchId: m.batchId, month: m.month, tables: m.files.map((f) => f.table) };
    } catch (e) {
      if (e instanceof BatchValidationError) throw e;
      // Still failing after the retries: the state machine retries the whole step.
      if (isTransient(e)) throw new TransientError(`${manifestKey}: ${(e as Error).message}`);
      throw e;
    }
  };
}

let live: ReturnType<typeof makeHandler> | undefined;
/** The function's entry point; its settings come from the function's environment (Terraform sets them). */
export const handler: ReturnType<typeof makeHandler> = (event) => {
  live ??= makeHandler({ s3: new S3Client({}), bucket: process.env.LAKE_BUCKET ?? "" });
  return live(event);
};
