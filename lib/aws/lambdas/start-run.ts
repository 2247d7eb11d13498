// EventBridge (S3 "Object Created" on raw/_manifests/) → StartExecution named after the batch. The
// name makes the trigger idempotent: EventBridge delivers at least once, a batch runs once. Bundled
// into infra/lambda/start-run/index.mjs (scripts/build-infra-artifacts.ts).
import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { parseManifestKey } from "../../lake/keys";
import { errorName } from "../retry";
import { executionNameFor } from "../../backend/execution-name";

interface S3ObjectCreated {
  detail?: { bucket?: { name?: string }; object?: { key?: string } };
}

export type StartRunResult = { started: true; name: string; executionArn: string | undefined } | { started: false; reason: string; name?: string };

export function makeHandler({ sfn, stateMachineArn, log = console }: { sfn: SFNClient; stateMachineArn: string; log?: Pick<Console, "info"> }) {
  return async function handler(event: S3ObjectCreated): Promise<StartRunResult> {
    const bucket = event?.detail?.bucket?.name;
    // S3 event keys arrive URL-encoded (spaces as "+").
    const key = decodeURIComponent((event?.detail?.object?.key ?? "").replace(/\+/g, " "));
    const ids = parseManifestKey(key);
    if (!ids) {
      log.info(JSON.stringify({ msg: "not a batch manifest, ignored", bucket, key }));
      return { started: false, reason: "not a manifest" };
    }
    const name = executionNameFor(ids.batchId);
    try {
      const res = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify({ manifestKey: key }) }));
      log.info(JSON.stringify({ msg: "execution started", name, month: ids.month, executionArn: res.executionArn }));
      return { started: true, name, executionArn: res.executionArn };
    } catch (e) {
      if (errorName(e) === "ExecutionAlreadyExists") {
        log.info(JSON.stringify({ msg: "execution already exists", name }));
        return { started: false, reason: "already started", name };
      }
      throw e;
    }
  };
}

let live: ReturnType<typeof makeHandler> | undefined;
/** The function's entry point; its settings come from the function's environment (Terraform sets them). */
export const handler: ReturnType<typeof makeHandler> = (event) => {
  live ??= makeHandler({ sfn: new SFNClient({}), stateMachineArn: process.env.STATE_MACHINE_ARN ?? "" });
  return live(event);
};
