// The three Lambda functions (lib/aws/lambdas, bundled into infra/lambda), with their AWS clients
// mocked. Each suite runs on the TypeScript source and on the committed bundle Terraform deploys.
import { GetObjectCommand, HeadObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SFNClient, StartExecutionCommand, ExecutionAlreadyExists } from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import * as publishSource from "@/lib/aws/lambdas/publish-summary";
import * as startRunSource from "@/lib/aws/lambdas/start-run";
import * as validateSource from "@/lib/aws/lambdas/validate-batch";

// The bundles are plain JavaScript: typed as their sources.
const publishBundle = (await import(`${"../../infra/lambda/publish-summary/index.mjs"}`)) as typeof publishSource;
const startRunBundle = (await import(`${"../../infra/lambda/start-run/index.mjs"}`)) as typeof startRunSource;
const validateBundle = (await import(`${"../../infra/lambda/validate-batch/index.mjs"}`)) as typeof validateSource;
const builds = [
  ["source", { publish: publishSource, startRun: startRunSource, validate: validateSource }],
  ["bundle", { publish: publishBundle, startRun: startRunBundle, validate: validateBundle }],
] as const;
const noWait = { sleep: async () => {} };

// The part of the SDK's streaming body the functions use.
const body = (text: string) => ({ transformToString: async () => text, transformToByteArray: async () => new TextEncoder().encode(text) }) as never;
const quiet = { info: () => {} };
const SM = "arn:aws:states:eu-west-1:123456789012:stateMachine:shoplake-pipeline";
const key = "raw/_manifests/month=2025-11/batch=b42.json";
const manifest = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    version: 1,
    batchId: "b42",
    month: "2025-11",
    createdAt: "2025-12-01T08:00:00Z",
    createdBy: null,
    businessTimeZone: "UTC",
    files: [
      { table: "orders", key: "raw/orders/month=2025-11/batch=b42/orders.csv", fileName: "orders.csv", size: 120 },
      { table: "order_items", key: "raw/order_items/month=2025-11/batch=b42/order_items.csv", fileName: "order_items.csv", size: 80 },
    ],
    ...over,
  });

function s3With(objects: Record<string, string | number>) {
  const client = new S3Client({ region: "eu-west-1" });
  const mock = mockClient(client);
  mock.on(GetObjectCommand).callsFake(async ({ Key }) => {
    const v = objects[Key!];
    if (typeof v !== "string") throw new NoSuchKey({ message: "The specified key does not exist.", $metadata: { httpStatusCode: 404 } });
    return { Body: body(v) };
  });
  mock.on(HeadObjectCommand).callsFake(async ({ Key }) => {
    const v = objects[Key!];
    if (v === undefined) throw Object.assign(new Error("NotFound"), { name: "NotFound", $metadata: { httpStatusCode: 404 } });
    return { ContentLength: typeof v === "number" ? v : Buffer.byteLength(v) };
  });
  mock.on(PutObjectCommand).callsFake(async ({ Key, Body }) => {
    objects[Key!] = String(Body);
    return {};
  });
  return { client, mock, objects };
}

describe.each(builds)("start-run Lambda (%s)", (_build, { startRun }) => {
  const startRunHandler = startRun.makeHandler;
  it("decodes the key EventBridge sends and starts batch-<id> with the manifest key", async () => {
    const sfn = new SFNClient({ region: "eu-west-1" });
    const mock = mockClient(sfn);
    mock.on(StartExecutionCommand).resolves({ executionArn: "arn:x", startDate: new Date() });
    const handler = startRunHandler({ sfn, stateMachineArn: SM, log: quiet });
    const res = await handler({ detail: { bucket: { name: "lake" }, object: { key: "raw/_manifests/month%3D2025-11/batch%3Db42.json" } } });
    expect(res).toMatchObject({ started: true, name: "batch-b42" });
    expect(mock.commandCalls(StartExecutionCommand)[0]!.args[0].input).toEqual({ stateMachineArn: SM, name: "batch-b42", input: JSON.stringify({ manifestKey: key }) });
  });

  it("an existing execution is success (idempotent); other errors are thrown for EventBridge to retry", async () => {
    const sfn = new SFNClient({ region: "eu-west-1" });
    mockClient(sfn)
      .on(StartExecutionCommand)
      .rejectsOnce(new ExecutionAlreadyExists({ message: "exists", $metadata: {} }))
      .rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
    const handler = startRunHandler({ sfn, stateMachineArn: SM, log: quiet });
    const event = { detail: { bucket: { name: "lake" }, object: { key } } };
    expect(await handler(event)).toMatchObject({ started: false, reason: "already started" });
    await expect(handler(event)).rejects.toThrow("Rate exceeded");
  });
});

describe.each(builds)("validate-batch Lambda (%s)", (_build, { validate }) => {
  const validateHandler = (deps: { s3: S3Client; bucket: string }) => validate.makeHandler({ ...deps, retry: noWait });
  const files = { [key]: manifest(), "raw/orders/month=2025-11/batch=b42/orders.csv": 120, "raw/order_items/month=2025-11/batch=b42/order_items.csv": 80 };

  it("returns the batch, its month and tables", async () => {
    const { client } = s3With({ ...files });
    const handler = validateHandler({ s3: client, bucket: "lake" });
    expect(await handler({ manifestKey: key })).toEqual({ batchId: "b42", month: "2025-11", tables: ["orders", "order_items"] });
  });

  it("runs the shared validation: the manifest schema of lib/lake/manifest.ts decides", async () => {
    // A field the schema requires: the old copy in the function did not check it.
    const { client } = s3With({ ...files, [key]: JSON.stringify({ ...JSON.parse(manifest()), createdAt: undefined }) });
    const err = await validateHandler({ s3: client, bucket: "lake" })({ manifestKey: key }).catch((e: Error) => e) as Error;
    expect(err.name).toBe("BatchValidationError");
    expect(err.message).toMatch(/createdAt/);
  });

  it.each([
    ["a key that is not a manifest", { manifestKey: "raw/orders/x.csv" }, {}, /not a manifest key/],
    ["a missing manifest", { manifestKey: key }, { [key]: undefined }, /does not exist/],
    ["a manifest that is not JSON", { manifestKey: key }, { [key]: "{nope" }, /not JSON/],
    ["a manifest of another batch", { manifestKey: key }, { [key]: manifest({ batchId: "b43" }) }, /names batch b43/],
    ["an unknown table", { manifestKey: key }, { [key]: manifest({ files: [{ table: "refunds", key: "raw/refunds/month=2025-11/batch=b42/r.csv", fileName: "r.csv", size: 1 }] }) }, /files\.0\.table/],
    ["no files", { manifestKey: key }, { [key]: manifest({ files: [] }) }, /no files/],
    ["a file not uploaded", { manifestKey: key }, { "raw/order_items/month=2025-11/batch=b42/order_items.csv": undefined }, /order_items.csv: not found/],
    ["a size mismatch", { manifestKey: key }, { "raw/orders/month=2025-11/batch=b42/orders.csv": 119 }, /orders.csv: 119 bytes in the lake, 120 announced/],
  ])("rejects %s as a BatchValidationError (not retried)", async (_, event, over, message) => {
    const objects: Record<string, string | number> = { ...files };
    for (const [k, v] of Object.entries(over)) {
      if (v === undefined) delete objects[k];
      else objects[k] = v as string | number;
    }
    const { client } = s3With(objects);
    const err = await validateHandler({ s3: client, bucket: "lake" })(event).catch((e: Error) => e) as Error;
    expect(err.name).toBe("BatchValidationError");
    expect(err.message).toMatch(message);
  });

  it("an S3 outage on a file is a TransientError (the state machine retries it), after the function's own retries", async () => {
    const { client, mock } = s3With({ ...files });
    mock.on(HeadObjectCommand).rejects(Object.assign(new Error("We encountered an internal error"), { name: "InternalError", $metadata: { httpStatusCode: 500 } }));
    const err = await validateHandler({ s3: client, bucket: "lake" })({ manifestKey: key }).catch((e: Error) => e) as Error;
    expect(err.name).toBe("TransientError");
    expect(mock.commandCalls(HeadObjectCommand).length).toBe(5);
  });

  it("a throttled manifest read is retried and the batch validates", async () => {
    const { client, mock } = s3With({ ...files });
    let first = true;
    mock.on(GetObjectCommand).callsFake(async () => {
      if (first) {
        first = false;
        throw Object.assign(new Error("Please reduce your request rate."), { name: "SlowDown", $metadata: { httpStatusCode: 503 } });
      }
      return { Body: body(manifest()) };
    });
    expect(await validateHandler({ s3: client, bucket: "lake" })({ manifestKey: key })).toMatchObject({ batchId: "b42" });
  });
});

describe.each(builds)("publish-summary Lambda (%s)", (_build, { publish }) => {
  const publishHandler = publish.makeHandler;
  const report = (tables: unknown[]) => JSON.stringify({ job: "job1", tables });
  const now = () => new Date("2025-12-01T09:00:00Z");

  it("succeeded: writes the summary next to the job reports", async () => {
    const { client, objects } = s3With({ "processed/_reports/batch-b42/job1.json": report([{ table: "orders", status: "ok", rowsIn: 3 }]) });
    const out = await publishHandler({ s3: client, bucket: "lake", now })({ manifestKey: key, executionName: "batch-b42", input: { manifestKey: key, batch: {} } });
    expect(out).toEqual({ status: "succeeded", error: null });
    const summary = JSON.parse(String(objects["processed/_reports/batch-b42/summary.json"]));
    expect(summary).toMatchObject({ status: "succeeded", executionName: "batch-b42", manifestKey: key, finishedAt: "2025-12-01T09:00:00.000Z" });
    expect(summary.tables).toHaveLength(1);
  });

  it("partial when a table failed in job 1", async () => {
    const { client } = s3With({ "processed/_reports/batch-b42/job1.json": report([{ table: "orders", status: "ok" }, { table: "reviews", status: "failed", error: "missing required column rating" }]) });
    const out = await publishHandler({ s3: client, bucket: "lake", now })({ manifestKey: key, executionName: "batch-b42", input: {} });
    expect(out).toEqual({ status: "partial", error: "reviews: missing required column rating" });
  });

  it("failed, from the Catch's error or from the execution status event", async () => {
    const { client, objects } = s3With({});
    const caught = await publishHandler({ s3: client, bucket: "lake", now })({ manifestKey: key, executionName: "batch-b42", input: { error: { Error: "States.TaskFailed", Cause: "Glue job failed" } } });
    expect(caught).toEqual({ status: "failed", error: "States.TaskFailed: Glue job failed" });
    const event = {
      "detail-type": "Step Functions Execution Status Change",
      source: "aws.states",
      detail: { name: "batch-b43", status: "TIMED_OUT", input: JSON.stringify({ manifestKey: "raw/_manifests/month=2025-11/batch=b43.json" }), error: null, cause: null },
    };
    const timedOut = await publishHandler({ s3: client, bucket: "lake", now })(event);
    expect(timedOut).toEqual({ status: "failed", error: "TIMED_OUT: execution TIMED_OUT" });
    expect(JSON.parse(String(objects["processed/_reports/batch-b43/summary.json"])).manifestKey).toBe("raw/_manifests/month=2025-11/batch=b43.json");
  });

  it("the status event of a caught failure keeps the summary PublishFailureSummary wrote (the cause)", async () => {
    const { client, objects } = s3With({});
    await publishHandler({ s3: client, bucket: "lake", now })({ manifestKey: key, executionName: "batch-b42", input: { error: { Error: "Glue.CrawlerFailed", Cause: '{"Status":"FAILED","ErrorMessage":"Access denied"}' } } });
    // Then RunFailed ends the execution FAILED and EventBridge invokes the function again.
    const event = { "detail-type": "Step Functions Execution Status Change", source: "aws.states", detail: { name: "batch-b42", status: "FAILED", input: JSON.stringify({ manifestKey: key }), error: "PipelineFailed", cause: "A pipeline step failed; see the run summary and the step's logs." } };
    expect(await publishHandler({ s3: client, bucket: "lake", now })(event)).toEqual({ status: "failed", error: 'Glue.CrawlerFailed: {"Status":"FAILED","ErrorMessage":"Access denied"}' });
    expect(JSON.parse(String(objects["processed/_reports/batch-b42/summary.json"])).error).toMatch(/Access denied/);
    // An execution that failed without a summary of its own (uncaught) still gets one.
    const other = { ...event, detail: { ...event.detail, name: "batch-b42-r2", input: JSON.stringify({ manifestKey: key, run: { name: "batch-b42" } }) } };
    expect(await publishHandler({ s3: client, bucket: "lake", now })(other)).toMatchObject({ status: "failed", error: expect.stringMatching(/^PipelineFailed/) });
  });

  it("a retry execution reads and writes the reports of the run it continues", async () => {
    // Job 1 ran (and lost a table) in batch-b42; the retry batch-b42-r2 resumed at job 2.
    const { client, objects } = s3With({ "processed/_reports/batch-b42/job1.json": report([{ table: "reviews", status: "failed", error: "missing required column rating" }]) });
    const out = await publishHandler({ s3: client, bucket: "lake", now })({ manifestKey: key, executionName: "batch-b42-r2", runName: "batch-b42", input: {} });
    expect(out).toEqual({ status: "partial", error: "reviews: missing required column rating" });
    expect(JSON.parse(String(objects["processed/_reports/batch-b42/summary.json"]))).toMatchObject({ executionName: "batch-b42-r2", runName: "batch-b42", status: "partial" });
    expect(objects["processed/_reports/batch-b42-r2/summary.json"]).toBeUndefined();
    // The status-change event carries the execution input, which names the run.
    const event = {
      "detail-type": "Step Functions Execution Status Change",
      source: "aws.states",
      detail: { name: "batch-b42-r3", status: "ABORTED", input: JSON.stringify({ manifestKey: key, resumeFrom: "Job3CuratedToDatabase", run: { name: "batch-b42", attempts: {} } }), error: null, cause: null },
    };
    expect(await publishHandler({ s3: client, bucket: "lake", now })(event)).toMatchObject({ status: "failed" });
    expect(JSON.parse(String(objects["processed/_reports/batch-b42/summary.json"]))).toMatchObject({ executionName: "batch-b42-r3", status: "failed" });
  });
});
