// ValidateBatch (first state of the state machine) on AWS: the same validation as the local backend
// (lib/pipeline/jobs/validate-batch.ts over lib/lake/manifest.ts), over the S3 lake. Returns
// {batchId, month, tables}. A BatchValidationError is not retried by the state machine, a
// TransientError is. Bundled into infra/lambda/validate-batch/index.mjs (scripts/build-infra-artifacts.ts).
import { S3Client } from "@aws-sdk/client-s3";
import { BatchValidationError, validateBatch } from "../../pipeline/jobs/validate-batch";
import { isTransient, type RetryOptions } from "../retry";
import { s3ReadLake } from "./s3-read-lake";

export { BatchValidationError };

export class TransientError extends Error {
  override name = "TransientError";
}

export interface ValidateBatchResult {
  batchId: string;
  month: string;
  tables: string[];
}

export function makeHandler({ s3, bucket, retry }: { s3: S3Client; bucket: string; retry?: RetryOptions }) {
  const lake = s3ReadLake(s3, bucket, retry);
  return async function handler(event: { manifestKey?: unknown }): Promise<ValidateBatchResult> {
    const manifestKey = typeof event?.manifestKey === "string" ? event.manifestKey : String(event?.manifestKey);
    try {
      const m = await validateBatch(lake, manifestKey);
      console.log(JSON.stringify({ msg: "batch valid", batchId: m.batchId, month: m.month, files: m.files.length }));
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
