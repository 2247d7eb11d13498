// The three Lambda functions of infra/lambda, with their AWS clients mocked.
import { GetObjectCommand, HeadObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SFNClient, StartExecutionCommand, ExecutionAlreadyExists } from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { makeHandler as publishHandler } from "../../infra/lambda/publish-summary/index.mjs";
import { makeHandler as startRunHandler } from "../../infra/lambda/start-run/index.mjs";
import { makeHandler as validateHandler } from "../../infra/lambda/validate-batch/index.mjs";

// The part of the SDK's streaming body the functions use.
const body = (text: string) => ({ transformToString: async () => text }) as never;
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

describe("start-run Lambda", () => {
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

describe("validate-batch Lambda", () => {
  const files = { [key]: manifest(), "raw/orders/month=2025-11/batch=b42/orders.csv": 120, "raw/order_items/month=2025-11/batch=b42/order_items.csv": 80 };

  it("returns the batch, its month and tables, and wakes the database", async () => {
    const { client } = s3With({ ...files });
    const woken: string[] = [];
    const handler = validateHandler({ s3: client, bucket: "lake", dbInstanceId: "shoplake-db", wake: async (id: string) => (woken.push(id), "starting") });
    expect(await handler({ manifestKey: key })).toEqual({ batchId: "b42", month: "2025-11", tables: ["orders", "order_items"] });
    expect(woken).toEqual(["shoplake-db"]);
  });

  it.each([
    ["a key that is not a manifest", { manifestKey: "raw/orders/x.csv" }, {}, /not a manifest key/],
    ["a missing manifest", { manifestKey: key }, { [key]: undefined }, /does not exist/],
    ["a manifest that is not JSON", { manifestKey: key }, { [key]: "{nope" }, /not JSON/],
    ["a manifest of another batch", { manifestKey: key }, { [key]: manifest({ batchId: "b43" }) }, /names batch b43/],
    ["a file outside the batch folder", { manifestKey: key }, { [key]: manifest({ files: [{ table: "orders", key: "raw/orders/month=2025-11/batch=OTHER/o.csv", fileName: "o.csv", size: 1 }] }) }, /not in this batch's folder/],
    ["an unknown table", { manifestKey: key }, { [key]: manifest({ files: [{ table: "refunds", key: "raw/refunds/month=2025-11/batch=b42/r.csv", fileName: "r.csv", size: 1 }] }) }, /unknown table refunds/],
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
    const err = await validateHandler({ s3: client, bucket: "lake", wake: async () => "" })(event).catch((e: Error) => e);
    expect(err.name).toBe("BatchValidationError");
    expect(err.message).toMatch(message);
  });

  it("an S3 outage is a TransientError (the state machine retries it)", async () => {
    const client = new S3Client({ region: "eu-west-1" });
    mockClient(client).on(GetObjectCommand).rejects(Object.assign(new Error("We encountered an internal error"), { name: "InternalError", $metadata: { httpStatusCode: 500 } }));
    const err = await validateHandler({ s3: client, bucket: "lake", wake: async () => "" })({ manifestKey: key }).catch((e: Error) => e);
    expect(err.name).toBe("TransientError");
  });
});

describe("publish-summary Lambda", () => {
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
