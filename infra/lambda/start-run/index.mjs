// EventBridge (S3 "Object Created" on raw/_manifests/) → StartExecution named after the batch.
// The name makes the trigger idempotent: EventBridge delivers at least once, a batch runs once.
import { SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";

const MANIFEST = /^raw\/_manifests\/month=(\d{4}-\d{2})\/batch=([A-Za-z0-9_-]+)\.json$/;

export function makeHandler({ sfn, stateMachineArn, log = console }) {
  return async function handler(event) {
    const bucket = event?.detail?.bucket?.name;
    const rawKey = event?.detail?.object?.key ?? "";
    // S3 event keys arrive URL-encoded (spaces as "+").
    const key = decodeURIComponent(rawKey.replace(/\+/g, " "));
    const m = MANIFEST.exec(key);
    if (!m) {
      log.info(JSON.stringify({ msg: "not a batch manifest, ignored", bucket, key }));
      return { started: false, reason: "not a manifest" };
    }
    const [, month, batchId] = m;
    const name = `batch-${batchId}`;
    if (name.length > 80) throw new Error(`batch id too long for an execution name: ${batchId}`);
    try {
      const res = await sfn.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify({ manifestKey: key }) }));
      log.info(JSON.stringify({ msg: "execution started", name, month, executionArn: res.executionArn }));
      return { started: true, name, executionArn: res.executionArn };
    } catch (e) {
      if (e?.name === "ExecutionAlreadyExists") {
        log.info(JSON.stringify({ msg: "execution already exists", name }));
        return { started: false, reason: "already started", name };
      }
      throw e;
    }
  };
}

export const handler = makeHandler({ sfn: new SFNClient({}), stateMachineArn: process.env.STATE_MACHINE_ARN });
