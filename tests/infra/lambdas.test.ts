// The four Lambda functions (lib/aws/lambdas, bundled into infra/lambda), with their AWS clients
// mocked. Each suite runs on the TypeScript source and on the committed bundle Terraform deploys.
import { GetObjectCommand, HeadObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { SFNClient, StartExecutionCommand, ExecutionAlreadyExists } from "@aws-sdk/client-sfn";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import * as publishSource from "@/lib/aws/lambdas/publish-summary";
import * as gateSource from "@/lib/aws/lambdas/quality-gate";
import * as startRunSource from "@/lib/aws/lambdas/start-run";
import * as validateSource from "@/lib/aws/lambdas/validate-batch";
import { DEFAULT_GATE } from "@/lib/contracts/gate";
import { PLAN_VERSION, type BatchPlan } from "@/lib/pipeline/plan/batch-plan";

// The bundles are plain JavaScript: typed as their sources.
const publishBundle = (await import(`${"../../infra/lambda/publish-summary/index.mjs"}`)) as typeof publishSource;
const startRunBundle = (await import(`${"../../infra/lambda/start-run/index.mjs"}`)) as typeof startRunSource;
const validateBundle = (await import(`${"../../infra/lambda/validate-batch/index.mjs"}`)) as typeof validateSource;
const gateBundle = (await import(`${"../../infra/lambda/quality-gate/index.mjs"}`)) as typeof gateSource;
const builds = [
  ["source", { publish: publishSource, startRun: startRunSource, validate: validateSource, gate: gateSource }],
  ["bundle", { publish: publishBundle, startRun: startRunBundle, validate: validateBundle, gate: gateBundle }],
] as const;
const noWait = { sleep: async () => {} };

// The part of the SDK's streaming body the functions use.
const body = (text: string | Uint8Array) => {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  return { transformToString: async () => new TextDecoder().decode(bytes), transformToByteArray: async () => bytes } as never;
};
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

/** S3 as the functions use it: GetObject (with Range, as S3 answers it), HeadObject, PutObject. */
function s3With(objects: Record<string, string | number | Uint8Array>) {
  const client = new S3Client({ region: "eu-west-1" });
  const mock = mockClient(client);
  mock.on(GetObjectCommand).callsFake(async ({ Key, Range }) => {
    const v = objects[Key!];
    if (v === undefined || typeof v === "number") throw new NoSuchKey({ message: "The specified key does not exist.", $metadata: { httpStatusCode: 404 } });
    const bytes = typeof v === "string" ? new TextEncoder().encode(v) : v;
    if (!Range) return { Body: body(bytes) };
    const [, from, to] = /^bytes=(\d+)-(\d+)$/.exec(Range)!.map(Number);
    if (bytes.length === 0) throw Object.assign(new Error("The requested range is not satisfiable"), { name: "InvalidRange", $metadata: { httpStatusCode: 416 } });
    return { Body: body(bytes.subarray(from!, to! + 1)), ContentRange: `bytes ${from}-${Math.min(to!, bytes.length - 1)}/${bytes.length}` };
  });
  mock.on(HeadObjectCommand).callsFake(async ({ Key }) => {
    const v = objects[Key!];
    if (v === undefined) throw Object.assign(new Error("NotFound"), { name: "NotFound", $metadata: { httpStatusCode: 404 } });
    return { ContentLength: typeof v === "number" ? v : typeof v === "string" ? Buffer.byteLength(v) : v.length };
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

  it("a batch id that cannot name an execution is refused with the portal's own rule, before any call", async () => {
    const sfn = new SFNClient({ region: "eu-west-1" });
    const mock = mockClient(sfn);
    const handler = startRunHandler({ sfn, stateMachineArn: SM, log: quiet });
    const long = `raw/_manifests/month=2025-11/batch=${"x".repeat(80)}.json`;
    await expect(handler({ detail: { bucket: { name: "lake" }, object: { key: long } } })).rejects.toThrow(/Batch id cannot name an execution/);
    expect(mock.commandCalls(StartExecutionCommand)).toHaveLength(0);
  });
});

const ORDERS_CSV = "order_id,customer_id,order_ts,status,total\no1,c1,2025-11-03T09:04:00Z,paid,54.00\n";
const ITEMS_CSV = "order_item_id,order_id,product_id,quantity,unit_price\ni1,o1,p1,1,54.00\n";
const batchFiles = (over: Record<string, string> = {}) => {
  const bodies: Record<string, string> = { "raw/orders/month=2025-11/batch=b42/orders.csv": ORDERS_CSV, "raw/order_items/month=2025-11/batch=b42/order_items.csv": ITEMS_CSV, ...over };
  const m = JSON.parse(manifest()) as { files: { key: string; size: number }[] };
  for (const f of m.files) f.size = Buffer.byteLength(bodies[f.key] ?? "");
  return { ...bodies, [key]: JSON.stringify(m) };
};

/** The plan the local backend's ValidateBatch makes of the same objects (lib/pipeline/plan over an in-memory lake). */
async function localPlan(objects: Record<string, string | number | Uint8Array>): Promise<BatchPlan> {
  const { planBatch } = await import("@/lib/pipeline/plan/batch-plan");
  const { batchManifestSchema } = await import("@/lib/lake/manifest");
  const lake = { getStart: async (k: string, n: number) => new TextEncoder().encode(String(objects[k])).subarray(0, n) } as never;
  return planBatch(lake, batchManifestSchema.parse(JSON.parse(String(objects[key]))), new Date().getUTCFullYear());
}

describe.each(builds)("validate-batch Lambda (%s)", (_build, { validate }) => {
  const validateHandler = (deps: { s3: S3Client; bucket: string }) => validate.makeHandler({ ...deps, retry: noWait });
  const event = { manifestKey: key, run: { name: "batch-b42" } };
  const planKey = "processed/_reports/batch-b42/plan.json";

  it("returns the batch, its month and tables, and writes the read plan the local backend makes", async () => {
    const { client, objects, mock } = s3With(batchFiles());
    const handler = validateHandler({ s3: client, bucket: "lake" });
    expect(await handler(event)).toEqual({ batchId: "b42", month: "2025-11", tables: ["orders", "order_items"] });
    const plan = JSON.parse(String(objects[planKey])) as BatchPlan;
    expect(plan).toEqual(JSON.parse(JSON.stringify(await localPlan(objects))));
    expect(plan).toMatchObject({ version: PLAN_VERSION, batchId: "b42", month: "2025-11" });
    expect(plan.tables.map((t) => [t.table, t.encoding, t.delimiter, t.error])).toEqual([["orders", "utf-8", ",", null], ["order_items", "utf-8", ",", null]]);
    // Job 1's SQL is rendered; only the file's path on the job's disk is left to fill in.
    expect(plan.tables[0]!.sql!.source).toContain("read_csv({{input}}");
    expect(plan.tables[0]!.sql!.typed).not.toMatch(/\{\{\w+\}\}/);
    expect(plan.macros).toMatch(/CREATE OR REPLACE MACRO/);
    // The headers were read with ranged GETs, not whole files; the plan is the only write.
    const ranges = mock.commandCalls(GetObjectCommand).filter((c) => c.args[0].input.Range).map((c) => c.args[0].input.Key);
    expect(ranges.sort()).toEqual(["raw/order_items/month=2025-11/batch=b42/order_items.csv", "raw/orders/month=2025-11/batch=b42/orders.csv"]);
    expect(mock.commandCalls(PutObjectCommand).map((c) => [c.args[0].input.Key, c.args[0].input.ContentType])).toEqual([[planKey, "application/json"]]);
  });

  it("plans a file through the batch's profile: ';', windows-1252, the source's column names", async () => {
    const csv = Buffer.from("Pedido;Cliente;Data;Situa\u00e7\u00e3o;Total\r\no1;c1;03/11/2025;Conclu\u00eddo;1.234,50\r\n", "latin1");
    const profile = { delimiter: ";", encoding: "windows-1252", decimal: ",", thousands: ".", dateOrder: "DMY", tables: { orders: { columns: { order_id: "Pedido", customer_id: "Cliente", order_ts: "Data", status: "Situação", total: "Total" } } } };
    const ordersKey = "raw/orders/month=2025-11/batch=b42/orders.csv";
    const objects: Record<string, string | Uint8Array> = {
      [ordersKey]: csv,
      [key]: manifest({ version: 2, profile, files: [{ table: "orders", key: ordersKey, fileName: "orders.csv", size: csv.length }] }),
    };
    const { client } = s3With(objects);
    await validateHandler({ s3: client, bucket: "lake" })(event);
    const [orders] = (JSON.parse(String(objects[planKey])) as BatchPlan).tables;
    expect(orders).toMatchObject({ encoding: "windows-1252", delimiter: ";", header: ["Pedido", "Cliente", "Data", "Situação", "Total"], error: null });
    expect(orders!.sourceNames).toMatchObject({ order_id: "Pedido", status: "Situação" });
    expect(orders!.sql!.source).toContain("delim = ';'");
  });

  it("a file the plan cannot read is the job's failure of that table, not the batch's", async () => {
    const { client, objects } = s3With(batchFiles({ "raw/order_items/month=2025-11/batch=b42/order_items.csv": "order_item_id,order_id\ni1,o1\n" }));
    expect(await validateHandler({ s3: client, bucket: "lake" })(event)).toMatchObject({ batchId: "b42" });
    const items = (JSON.parse(String(objects[planKey])) as BatchPlan).tables[1]!;
    expect(items.error).toBe("order_items.csv, line 1: missing required columns product_id, quantity, unit_price (rule: required column)");
    expect(items.sql).toBeNull();
  });

  it("runs the shared validation: the manifest schema of lib/lake/manifest.ts decides", async () => {
    // A field the schema requires: the old copy in the function did not check it.
    const files = batchFiles();
    const { client } = s3With({ ...files, [key]: JSON.stringify({ ...JSON.parse(files[key]!), createdAt: undefined }) });
    const err = await validateHandler({ s3: client, bucket: "lake" })(event).catch((e: Error) => e) as Error;
    expect(err.name).toBe("BatchValidationError");
    expect(err.message).toMatch(/createdAt/);
  });

  it("without a run name there is nowhere to write the plan: a BatchValidationError", async () => {
    const { client, objects } = s3With(batchFiles());
    const err = await validateHandler({ s3: client, bucket: "lake" })({ manifestKey: key }).catch((e: Error) => e) as Error;
    expect(err.name).toBe("BatchValidationError");
    expect(err.message).toMatch(/no run name/);
    expect(objects[planKey]).toBeUndefined();
  });

  it.each([
    ["a key that is not a manifest", { manifestKey: "raw/orders/x.csv" }, {}, /not a manifest key/],
    ["a missing manifest", { manifestKey: key }, { [key]: undefined }, /does not exist/],
    ["a manifest that is not JSON", { manifestKey: key }, { [key]: "{nope" }, /not JSON/],
    ["a manifest of another batch", { manifestKey: key }, { [key]: manifest({ batchId: "b43" }) }, /names batch b43/],
    ["an unknown table", { manifestKey: key }, { [key]: manifest({ files: [{ table: "refunds", key: "raw/refunds/month=2025-11/batch=b42/r.csv", fileName: "r.csv", size: 1 }] }) }, /files\.0\.table/],
    ["no files", { manifestKey: key }, { [key]: manifest({ files: [] }) }, /no files/],
    ["a file not uploaded", { manifestKey: key }, { "raw/order_items/month=2025-11/batch=b42/order_items.csv": undefined }, /order_items.csv: not found/],
    ["a size mismatch", { manifestKey: key }, { "raw/orders/month=2025-11/batch=b42/orders.csv": 119 }, /orders.csv: 119 bytes in the lake, \d+ announced/],
  ])("rejects %s as a BatchValidationError (not retried)", async (_, ev, over, message) => {
    const objects: Record<string, string | number> = batchFiles();
    for (const [k, v] of Object.entries(over)) {
      if (v === undefined) delete objects[k];
      else objects[k] = v as string | number;
    }
    const { client } = s3With(objects);
    const err = await validateHandler({ s3: client, bucket: "lake" })({ ...ev, run: { name: "batch-b42" } }).catch((e: Error) => e) as Error;
    expect(err.name).toBe("BatchValidationError");
    expect(err.message).toMatch(message);
    expect(objects[planKey]).toBeUndefined();
  });

  it("an S3 outage on a file is a TransientError (the state machine retries it), after the function's own retries", async () => {
    const { client, mock } = s3With(batchFiles());
    mock.on(HeadObjectCommand).rejects(Object.assign(new Error("We encountered an internal error"), { name: "InternalError", $metadata: { httpStatusCode: 500 } }));
    const err = await validateHandler({ s3: client, bucket: "lake" })(event).catch((e: Error) => e) as Error;
    expect(err.name).toBe("TransientError");
    expect(mock.commandCalls(HeadObjectCommand).length).toBe(5);
  });

  it("an S3 outage while writing the plan is a TransientError too", async () => {
    const { client, mock } = s3With(batchFiles());
    mock.on(PutObjectCommand).rejects(Object.assign(new Error("Please reduce your request rate."), { name: "SlowDown", $metadata: { httpStatusCode: 503 } }));
    const err = await validateHandler({ s3: client, bucket: "lake" })(event).catch((e: Error) => e) as Error;
    expect(err.name).toBe("TransientError");
    expect(mock.commandCalls(PutObjectCommand).length).toBe(5);
  });

  it("a throttled manifest read is retried and the batch validates", async () => {
    const objects = batchFiles();
    const { client, mock } = s3With(objects);
    let first = true;
    mock.on(GetObjectCommand, { Key: key }).callsFake(async () => {
      if (first) {
        first = false;
        throw Object.assign(new Error("Please reduce your request rate."), { name: "SlowDown", $metadata: { httpStatusCode: 503 } });
      }
      return { Body: body(objects[key]!) };
    });
    expect(await validateHandler({ s3: client, bucket: "lake" })(event)).toMatchObject({ batchId: "b42" });
  });
});

describe("the functions' lake (lib/aws/lambdas/s3-read-lake.ts)", () => {
  it("reads the first bytes with one ranged GET (an empty object too) and writes reports only", async () => {
    const { s3ReadLake } = await import("@/lib/aws/lambdas/s3-read-lake");
    const { client, objects } = s3With({ "raw/a.csv": "abcdef", "raw/empty.csv": "" });
    const lake = s3ReadLake(client, "lake", noWait);
    expect(new TextDecoder().decode(await lake.getStart("raw/a.csv", 3))).toBe("abc");
    expect(new TextDecoder().decode(await lake.getStart("raw/a.csv", 100))).toBe("abcdef");
    expect(await lake.getStart("raw/empty.csv", 100)).toHaveLength(0);
    await lake.put("processed/_reports/batch-b/gate.json", "{}");
    expect(objects["processed/_reports/batch-b/gate.json"]).toBe("{}");
    await expect(lake.put("raw/a.csv", "x")).rejects.toThrow(/writes under processed\/_reports\/ only/);
    await expect(lake.put("curated/mart_kpis/month=2025-11/x.parquet", "x")).rejects.toThrow(/only/);
    for (const op of [lake.copy("a", "b"), lake.delete("a"), lake.list("raw/"), lake.sealUploads(["a"])]) await expect(op).rejects.toThrow(/not allowed/);
    expect(objects["raw/a.csv"]).toBe("abcdef");
  });
});

describe.each(builds)("quality-gate Lambda (%s)", (_build, { gate }) => {
  const table = (t: string, rowsIn: number, rowsOut: number, rejected: number) => ({ table: t, status: "ok", file: `${t}.csv`, rowsIn, rowsOut, rejected, duplicates: 0, orphans: 0, topReasons: [], warnings: [], error: null });
  const job2 = (orders: number, previous: number | null) =>
    JSON.stringify({ job: "job2", tables: [], orphans: {}, figures: { month: "2025-11", orders, sessions: 0, hasSessions: false, previous: previous === null ? null : { month: "2025-10", orders: previous, sessions: 0 } }, durationMs: 1 });
  const reports = (job1: unknown[], figures: string): Record<string, string> => ({
    [key]: manifest({ version: 2, gate: DEFAULT_GATE }),
    "processed/_reports/batch-b42/job1.json": JSON.stringify({ job: "job1", tables: job1, durationMs: 1 }),
    "processed/_reports/batch-b42/job2.json": figures,
  });

  it("passes a good month and writes its decision beside the reports", async () => {
    const { client, objects } = s3With(reports([table("orders", 100, 99, 1)], job2(90, 100)));
    const out = await gate.makeHandler({ s3: client, bucket: "lake", retry: noWait })({ manifestKey: key, runName: "batch-b42" });
    expect(out).toEqual({ held: false, failed: [] });
    expect(JSON.parse(String(objects["processed/_reports/batch-b42/gate.json"]))).toEqual({ held: false, failed: [], checked: 3 });
  });

  it("holds a month with too many bad rows or too few orders, with the figures; the thresholds come from the manifest", async () => {
    const { client, objects } = s3With(reports([table("orders", 100, 90, 10)], job2(40, 100)));
    const out = await gate.makeHandler({ s3: client, bucket: "lake", retry: noWait })({ manifestKey: key, runName: "batch-b42" });
    expect(out.held).toBe(true);
    expect(out.failed.map((f) => [f.table, f.rule, f.value, f.limit])).toEqual([["orders", "rejects", 0.1, 0.05], ["orders", "volume", 40, 50]]);
    expect(JSON.parse(String(objects["processed/_reports/batch-b42/gate.json"])).held).toBe(true);
    // A looser threshold the admin set when the batch was sent lets the same run through.
    const loose = reports([table("orders", 100, 90, 10)], job2(40, 100));
    loose[key] = manifest({ version: 2, gate: { maxRejectShare: 0.2, minVolumeShare: 0.3 } });
    const { client: c2 } = s3With(loose);
    expect(await gate.makeHandler({ s3: c2, bucket: "lake", retry: noWait })({ manifestKey: key, runName: "batch-b42" })).toEqual({ held: false, failed: [] });
  });

  it("a run whose job 2 never reported cannot be judged: the task fails (no decision written)", async () => {
    const objects = reports([table("orders", 1, 1, 0)], job2(1, null));
    delete objects["processed/_reports/batch-b42/job2.json"];
    const { client } = s3With(objects);
    await expect(gate.makeHandler({ s3: client, bucket: "lake", retry: noWait })({ manifestKey: key, runName: "batch-b42" })).rejects.toThrow(/no job 2 report/);
    expect(objects["processed/_reports/batch-b42/gate.json"]).toBeUndefined();
    await expect(gate.makeHandler({ s3: client, bucket: "lake", retry: noWait })({ manifestKey: key })).rejects.toThrow(/run name/);
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

  it("held when the quality gate held the run (GateDecision went straight to the summary)", async () => {
    const { client, objects } = s3With({ "processed/_reports/batch-b42/job1.json": report([{ table: "orders", status: "ok" }, { table: "reviews", status: "failed", error: "x" }]) });
    const input = { manifestKey: key, gate: { held: true, failed: [{ table: "orders", rule: "volume", value: 4, limit: 50, message: "2025-11 has 4 recognised orders" }] } };
    const out = await publishHandler({ s3: client, bucket: "lake", now })({ manifestKey: key, executionName: "batch-b42", runName: "batch-b42", input });
    expect(out).toEqual({ status: "held", error: "held by the quality gate: nothing was published" });
    expect(JSON.parse(String(objects["processed/_reports/batch-b42/summary.json"]))).toMatchObject({ status: "held", runName: "batch-b42" });
    // The same run published anyway: its retry execution resumed at job 3, past the gate.
    const anyway = await publishHandler({ s3: client, bucket: "lake", now })({ manifestKey: key, executionName: "batch-b42-r2", runName: "batch-b42", input: { manifestKey: key, resumeFrom: "Job3CuratedToDatabase" } });
    expect(anyway.status).toBe("partial");
    // A gate that passed is no hold.
    expect((await publishHandler({ s3: client, bucket: "lake", now })({ manifestKey: key, executionName: "batch-b42", input: { gate: { held: false, failed: [] } } })).status).toBe("partial");
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
