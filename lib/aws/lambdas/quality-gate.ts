// QualityGate on AWS, as the local backend's QualityGate step: lib/pipeline/quality-gate.ts over the S3
// lake. Reads the batch manifest (the thresholds in force when it was sent) and the run's job 1 and job 2
// reports, writes processed/_reports/<run name>/gate.json and answers {held, failed}: the state
// machine's GateDecision publishes the month or holds the run. Bundled into
// infra/lambda/quality-gate/index.mjs (scripts/build-infra-artifacts.ts).
import { S3Client } from "@aws-sdk/client-s3";
import type { GateFinding } from "../../contracts/gate";
import { batchManifestSchema } from "../../lake/manifest";
import { parseManifestKey } from "../../lake/keys";
import { runQualityGate } from "../../pipeline/quality-gate";
import { isTransient, type RetryOptions } from "../retry";
import { s3ReadLake } from "./s3-read-lake";
import { TransientError } from "./transient-error";

export { TransientError };

export interface QualityGateResult {
  held: boolean;
  failed: GateFinding[];
}

export function makeHandler({ s3, bucket, retry }: { s3: S3Client; bucket: string; retry?: RetryOptions }) {
  const lake = s3ReadLake(s3, bucket, retry);
  return async function handler(event: { manifestKey?: unknown; runName?: unknown }): Promise<QualityGateResult> {
    const manifestKey = String(event?.manifestKey);
    const runName = typeof event?.runName === "string" ? event.runName : null;
    if (!parseManifestKey(manifestKey) || !runName) throw new Error(`the gate needs a manifest key and a run name, got ${JSON.stringify(event)}`);
    try {
      // ValidateBatch checked the batch; the gate needs only its thresholds.
      const manifest = batchManifestSchema.parse(JSON.parse(Buffer.from(await lake.get(manifestKey)).toString("utf8")));
      const decision = await runQualityGate(lake, manifest, runName);
      console.log(JSON.stringify({ msg: decision.held ? "held by the quality gate" : "quality gate passed", runName, checked: decision.checked, failed: decision.failed }));
      return { held: decision.held, failed: decision.failed };
    } catch (e) {
      if (isTransient(e)) throw new TransientError(`${runName}: ${(e as Error).message}`);
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
