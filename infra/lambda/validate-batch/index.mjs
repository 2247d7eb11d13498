// ValidateBatch (first state): the manifest parses, names its own batch, and every file it lists is in
// the lake at its announced size. Mirrors lib/pipeline/jobs/validate-batch.ts of the local backend.
// Returns {batchId, month, tables}; a BatchValidationError is not retried, a TransientError is.
import { GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";

const MANIFEST = /^raw\/_manifests\/month=(\d{4}-\d{2})\/batch=([A-Za-z0-9_-]+)\.json$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const TABLES = ["customers", "products", "sessions", "events", "orders", "order_items", "reviews"];

export class BatchValidationError extends Error {
  name = "BatchValidationError";
}
export class TransientError extends Error {
  name = "TransientError";
}

const notFound = (e) => e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
const transient = (e) => e?.$metadata?.httpStatusCode >= 500 || e?.$metadata?.httpStatusCode === 429 || /Throttl|SlowDown/.test(e?.name ?? "");

export function validateManifest(json, ids) {
  const problems = [];
  if (!json || typeof json !== "object") throw new BatchValidationError("manifest is not a JSON object");
  if (json.version !== 1) problems.push("version: must be 1");
  if (typeof json.batchId !== "string" || !/^[A-Za-z0-9_-]+$/.test(json.batchId)) problems.push("batchId: invalid");
  if (typeof json.month !== "string" || !MONTH.test(json.month)) problems.push("month: must be YYYY-MM");
  if (!Array.isArray(json.files)) problems.push("files: must be a list");
  if (problems.length) throw new BatchValidationError(`manifest is invalid: ${problems.join("; ")}`);
  if (json.batchId !== ids.batchId || json.month !== ids.month) throw new BatchValidationError(`manifest names batch ${json.batchId} of ${json.month}`);
  for (const [i, f] of (Array.isArray(json.files) ? json.files : []).entries()) {
    if (!TABLES.includes(f?.table)) problems.push(`files.${i}.table: unknown table ${f?.table}`);
    if (typeof f?.key !== "string" || !f.key.startsWith(`raw/${f?.table}/month=${json.month}/batch=${json.batchId}/`)) problems.push(`files.${i}.key: not in this batch's folder`);
    if (typeof f?.fileName !== "string") problems.push(`files.${i}.fileName: missing`);
    if (!Number.isInteger(f?.size) || f.size < 0) problems.push(`files.${i}.size: must be a non-negative integer`);
  }
  if (problems.length) throw new BatchValidationError(`manifest is invalid: ${problems.join("; ")}`);
  if (json.files.length === 0) throw new BatchValidationError("the batch has no files");
  return json;
}

/**
 * RDS is stopped outside working hours; job 3 needs it a few minutes from now. Best effort: a failure
 * here never fails the batch (job 3 retries, and ops can redrive).
 */
async function wakeDatabase(dbInstanceId) {
  if (!dbInstanceId) return "no database configured";
  try {
    const { RDSClient, DescribeDBInstancesCommand, StartDBInstanceCommand } = await import("@aws-sdk/client-rds");
    const rds = new RDSClient({});
    const res = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: dbInstanceId }));
    const status = res.DBInstances?.[0]?.DBInstanceStatus;
    if (status !== "stopped") return status ?? "unknown";
    await rds.send(new StartDBInstanceCommand({ DBInstanceIdentifier: dbInstanceId }));
    return "starting";
  } catch (e) {
    return `not woken: ${e?.message ?? e}`;
  }
}

export function makeHandler({ s3, bucket, dbInstanceId = null, wake = wakeDatabase }) {
  return async function handler(event) {
    const woke = wake(dbInstanceId);
    const manifestKey = event?.manifestKey;
    const m = MANIFEST.exec(manifestKey ?? "");
    if (!m) throw new BatchValidationError(`not a manifest key: ${manifestKey}`);
    let text;
    try {
      const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: manifestKey }));
      text = await res.Body.transformToString("utf-8");
    } catch (e) {
      if (notFound(e)) throw new BatchValidationError(`manifest ${manifestKey} does not exist`);
      if (transient(e)) throw new TransientError(`reading ${manifestKey}: ${e.message}`);
      throw e;
    }
    let json;
    try {
      json = JSON.parse(text);
    } catch {
      throw new BatchValidationError(`manifest ${manifestKey} is not JSON`);
    }
    const manifest = validateManifest(json, { month: m[1], batchId: m[2] });
    for (const f of manifest.files) {
      let head;
      try {
        head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: f.key }));
      } catch (e) {
        if (notFound(e)) throw new BatchValidationError(`${f.fileName}: not found in the lake at ${f.key}`);
        if (transient(e)) throw new TransientError(`checking ${f.key}: ${e.message}`);
        throw e;
      }
      if (head.ContentLength !== f.size) throw new BatchValidationError(`${f.fileName}: ${head.ContentLength} bytes in the lake, ${f.size} announced`);
    }
    console.log(JSON.stringify({ msg: "batch valid", batchId: manifest.batchId, month: manifest.month, files: manifest.files.length, database: await woke }));
    return { batchId: manifest.batchId, month: manifest.month, tables: manifest.files.map((f) => f.table) };
  };
}

export const handler = makeHandler({ s3: new S3Client({}), bucket: process.env.LAKE_BUCKET, dbInstanceId: process.env.DB_INSTANCE_ID });
