// PublishRunSummary / PublishFailureSummary, and the EventBridge rule on executions that end FAILED,
// TIMED_OUT or ABORTED (failures a Catch cannot see). Writes processed/_reports/<execution>/summary.json
// next to the jobs' reports and answers {status, error}: "partial" when some tables failed in job 1.
// Reports live under the run's name: a retry execution continues the run of an earlier one.
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";

const notFound = (e) => e?.name === "NoSuchKey" || e?.$metadata?.httpStatusCode === 404;
const reportKey = (runName, name) => `processed/_reports/${runName}/${name}.json`;

async function readJson(s3, bucket, key) {
  try {
    const res = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse(await res.Body.transformToString("utf-8"));
  } catch (e) {
    if (notFound(e)) return null;
    throw e;
  }
}

/** The three shapes this function is invoked with, reduced to one. */
export function normalise(event) {
  if (event?.["detail-type"] === "Step Functions Execution Status Change") {
    const d = event.detail ?? {};
    let input = {};
    try {
      input = JSON.parse(d.input ?? "{}");
    } catch {
      // keep {}
    }
    return {
      executionName: d.name,
      runName: input.run?.name ?? d.name,
      manifestKey: input.manifestKey ?? null,
      failure: { error: d.error ?? d.status, cause: d.cause ?? `execution ${d.status}` },
    };
  }
  const err = event?.input?.error;
  return {
    executionName: event?.executionName,
    runName: event?.runName ?? event?.executionName,
    manifestKey: event?.manifestKey ?? null,
    failure: err ? { error: err.Error ?? "Error", cause: err.Cause ?? "" } : null,
  };
}

export function makeHandler({ s3, bucket, now = () => new Date() }) {
  return async function handler(event) {
    const { executionName, runName, manifestKey, failure } = normalise(event);
    if (!executionName || !runName) throw new Error("no execution name in the event");
    const job1 = await readJson(s3, bucket, reportKey(runName, "job1"));
    const tables = job1?.tables ?? [];
    const failedTables = tables.filter((t) => t.status === "failed");
    let status;
    let error = null;
    if (failure) {
      status = "failed";
      error = failure.cause ? `${failure.error}: ${failure.cause}` : failure.error;
    } else if (failedTables.length > 0) {
      status = "partial";
      error = failedTables.map((t) => `${t.table}: ${t.error}`).join("\n");
    } else {
      status = "succeeded";
    }
    const summary = { executionName, runName, manifestKey, status, error, tables, finishedAt: now().toISOString() };
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: reportKey(runName, "summary"), Body: JSON.stringify(summary, null, 2), ContentType: "application/json" }));
    console.log(JSON.stringify({ msg: "run summary", executionName, runName, status }));
    return { status, error };
  };
}

export const handler = makeHandler({ s3: new S3Client({}), bucket: process.env.LAKE_BUCKET });
