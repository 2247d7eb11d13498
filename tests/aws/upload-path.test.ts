// PORTAL_BACKEND=aws end to end on the upload side, against a real S3-compatible server: the CLI's
// upload path (the portal's) puts every file through presigned URLs (one of them multipart), the batch
// completes with the manifest written last, the EventBridge-triggered start-run Lambda starts exactly
// one execution for it, and the ValidateBatch Lambda accepts it and writes the batch's read plan, the
// one the local backend makes, also when it runs from its zip's folder as Lambda runs it.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBackend, resetBackend } from "@/lib/wiring";
import { resetConfig } from "@/lib/config";
import { getBatch } from "@/lib/db/batches";
import { lakeKeys } from "@/lib/lake/keys";
import { batchManifestSchema } from "@/lib/lake/manifest";
import { planBatch } from "@/lib/pipeline/plan/batch-plan";
import { readPlan } from "@/lib/pipeline/plan/store";
import { planUpload, uploadFiles } from "@/lib/services/upload-files";
import type * as startRunSource from "@/lib/aws/lambdas/start-run";
import type * as validateSource from "@/lib/aws/lambdas/validate-batch";
import { fullMonth } from "../support/fixtures";
import { freshPipelineEnv } from "../support/pipeline-env";
import { FakeSfn, STATE_MACHINE_ARN } from "./fakes/fake-sfn";
import { S3_CREDENTIALS, startLocalS3, type LocalS3 } from "./helpers/s3-server";

// The functions as Terraform deploys them: the committed bundles (plain JavaScript, typed as their sources).
const { makeHandler: startRunHandler } = (await import(`${"../../infra/lambda/start-run/index.mjs"}`)) as typeof startRunSource;
const { makeHandler: validateHandler } = (await import(`${"../../infra/lambda/validate-batch/index.mjs"}`)) as typeof validateSource;

const MiB = 1024 * 1024;
const AWS_ENV = ["PORTAL_BACKEND", "AWS_REGION", "S3_ENDPOINT", "LAKE_BUCKET", "STATE_MACHINE_ARN", "ATHENA_WORKGROUP", "GLUE_DATABASE", "MULTIPART_THRESHOLD", "MULTIPART_PART_SIZE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];

/** The event S3 sends to EventBridge for a new object (detail-type "Object Created"). */
const objectCreated = (bucket: string, key: string, size: number) => ({
  version: "0",
  id: "17793124-05d4-b198-2fde-7ededc63b103",
  "detail-type": "Object Created",
  source: "aws.s3",
  account: "123456789012",
  time: "2025-12-01T08:00:00Z",
  region: "eu-west-1",
  resources: [`arn:aws:s3:::${bucket}`],
  detail: { version: "0", bucket: { name: bucket }, object: { key: encodeURIComponent(key).replace(/%2F/g, "/"), size, etag: "x", sequencer: "1" }, "request-id": "r", requester: "123456789012", reason: "PutObject" },
});

describe("PORTAL_BACKEND=aws upload path on an S3-compatible server", () => {
  let s3: LocalS3;
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  let uploaded: { batchId: string; runId: string };
  let files: string[];
  const month = "2025-11";

  beforeAll(async () => {
    s3 = await startLocalS3("shoplake-lake");
    env = await freshPipelineEnv();
    Object.assign(process.env, {
      PORTAL_BACKEND: "aws",
      AWS_REGION: "us-east-1",
      S3_ENDPOINT: s3.endpoint,
      LAKE_BUCKET: s3.bucket,
      STATE_MACHINE_ARN,
      ATHENA_WORKGROUP: "shoplake",
      GLUE_DATABASE: "shoplake",
      MULTIPART_THRESHOLD: String(5 * MiB),
      MULTIPART_PART_SIZE: String(5 * MiB),
      AWS_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
    });
    resetConfig();
    resetBackend();
    const dir = path.join(env.dataDir, "in");
    const { mkdir } = await import("node:fs/promises");
    await mkdir(dir, { recursive: true });
    files = [];
    for (const [name, content] of Object.entries(fullMonth(month))) {
      // Events large enough to go multipart (> 5 MiB).
      const body = name === "events.csv" ? content + Array.from({ length: 120_000 }, (_, i) => `x${i},s1,${month}-03T09:01:00Z,page_view,,,/p/${i}`).join("\n") + "\n" : content;
      await writeFile(path.join(dir, name), body);
      files.push(path.join(dir, name));
    }
    const plan = await planUpload(files);
    uploaded = await uploadFiles({ month, files: plan, userId: null });
  });

  afterAll(async () => {
    for (const k of AWS_ENV) delete process.env[k];
    resetConfig();
    resetBackend();
    await env?.cleanup();
    await s3?.close();
  });

  it("the backend is the AWS one, on the S3-compatible endpoint", async () => {
    const b = await getBackend();
    expect(b.kind).toBe("aws");
    expect(b.lake.kind).toBe("s3");
  });

  it("every file is in the raw layer byte for byte, under the batch's keys", async () => {
    const { lake } = await getBackend();
    expect((await readFile(files.find((f) => f.endsWith("events.csv"))!)).length).toBeGreaterThan(5 * MiB);
    for (const f of files) {
      const table = path.basename(f, ".csv") as Parameters<typeof lakeKeys.rawFile>[0];
      const key = lakeKeys.rawFile(table, month, uploaded.batchId, path.basename(f));
      expect(Buffer.from(await lake.get(key)).equals(await readFile(f)), key).toBe(true);
    }
    expect(s3.rejected).toEqual([]);
  });

  it("the manifest lists the files and the batch is completed", async () => {
    const { lake } = await getBackend();
    const key = lakeKeys.manifest(month, uploaded.batchId);
    const manifest = batchManifestSchema.parse(JSON.parse(Buffer.from(await lake.get(key)).toString("utf8")));
    expect(manifest.batchId).toBe(uploaded.batchId);
    expect(manifest.files.map((f) => f.table).sort()).toEqual(["customers", "events", "order_items", "orders", "products", "reviews", "sessions"]);
    // Written last: no raw file is newer than the manifest.
    const raw = await lake.list(`raw/`);
    const manifestObj = raw.find((o) => o.key === key)!;
    expect(raw.every((o) => o.lastModified.getTime() <= manifestObj.lastModified.getTime())).toBe(true);
    const batch = await getBatch(uploaded.batchId);
    expect(batch?.status).toBe("completed");
    expect(batch?.manifestKey).toBe(key);
  });

  it("EventBridge → start-run Lambda: exactly one execution per batch, even when delivered twice", async () => {
    const sfn = new FakeSfn();
    const handler = startRunHandler({ sfn: sfn.client, stateMachineArn: STATE_MACHINE_ARN, log: { info: () => {} } });
    const key = lakeKeys.manifest(month, uploaded.batchId);
    const first = await handler(objectCreated(s3.bucket, key, 100));
    const again = await handler(objectCreated(s3.bucket, key, 100));
    expect(first).toMatchObject({ started: true, name: `batch-${uploaded.batchId}` });
    expect(again).toMatchObject({ started: false, reason: "already started" });
    expect(sfn.executions.size).toBe(1);
    const ex = [...sfn.executions.values()][0]!;
    expect(JSON.parse(ex.input)).toEqual({ manifestKey: key });
    // A raw data file under the same rule's prefix is not a trigger.
    expect(await handler(objectCreated(s3.bucket, "raw/_manifests/readme.txt", 1))).toMatchObject({ started: false });
    const { orchestrator } = await getBackend();
    expect(orchestrator).toBeDefined();
  });

  it("the ValidateBatch Lambda accepts the batch from the real bucket and writes the plan the local planner makes", async () => {
    const client = new S3Client({ region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: S3_CREDENTIALS });
    const validate = validateHandler({ s3: client, bucket: s3.bucket });
    const runName = `batch-${uploaded.batchId}`;
    const manifestKey = lakeKeys.manifest(month, uploaded.batchId);
    const out = await validate({ manifestKey, run: { name: runName } });
    expect(out.batchId).toBe(uploaded.batchId);
    expect(out.month).toBe(month);
    expect([...out.tables].sort()).toEqual(["customers", "events", "order_items", "orders", "products", "reviews", "sessions"]);
    // The plan job 1 follows on AWS is the one the local backend's ValidateBatch makes of the same lake.
    const { lake } = await getBackend();
    const manifest = batchManifestSchema.parse(JSON.parse(Buffer.from(await lake.get(manifestKey)).toString("utf8")));
    const written = await readPlan(lake, runName);
    expect(written).toEqual(JSON.parse(JSON.stringify(await planBatch(lake, manifest))));
    expect(written.tables.every((t) => t.error === null && t.sql !== null)).toBe(true);
  });

  it("the ValidateBatch function runs from its zip's folder (Lambda's task root): its SQL files ship with it", async () => {
    // The folder Terraform zips, alone in a scratch directory; the runtime's AWS SDK beside it.
    const task = await mkdtemp(path.join(tmpdir(), "lambda-task-"));
    try {
      await cp(path.resolve(import.meta.dirname, "../../infra/lambda/validate-batch"), task, { recursive: true });
      await symlink(path.resolve(import.meta.dirname, "../../node_modules"), path.join(task, "node_modules"), "dir");
      const runName = `batch-${uploaded.batchId}-zip`;
      // The runtime's side: imports the handler and calls it (beside the zip, where the SDK resolves).
      const script = `const { makeHandler } = await import("./index.mjs");
const { S3Client } = await import("@aws-sdk/client-s3");
const s3 = new S3Client({ region: "us-east-1", endpoint: ${JSON.stringify(s3.endpoint)}, forcePathStyle: true, credentials: ${JSON.stringify(S3_CREDENTIALS)} });
const out = await makeHandler({ s3, bucket: ${JSON.stringify(s3.bucket)} })({ manifestKey: ${JSON.stringify(lakeKeys.manifest(month, uploaded.batchId))}, run: { name: ${JSON.stringify(runName)} } });
console.log(JSON.stringify({ out, cwd: process.cwd() }));`;
      // Started elsewhere, as the runtime starts it: LAMBDA_TASK_ROOT is where the zip was unpacked.
      await writeFile(path.join(task, "invoke.mjs"), script);
      // Not spawnSync: the S3 server answering it runs in this process.
      const r = await promisify(execFile)(process.execPath, [path.join(task, "invoke.mjs")], { cwd: tmpdir(), encoding: "utf8", env: { ...process.env, LAMBDA_TASK_ROOT: task }, timeout: 60_000 });
      const { out, cwd } = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as { out: { batchId: string }; cwd: string };
      expect(out.batchId).toBe(uploaded.batchId);
      expect(await import("node:fs/promises").then((fs) => fs.realpath(cwd))).toBe(await import("node:fs/promises").then((fs) => fs.realpath(task)));
      const { lake } = await getBackend();
      const plan = await readPlan(lake, runName);
      expect(plan).toEqual(await readPlan(lake, `batch-${uploaded.batchId}`));
    } finally {
      await rm(task, { recursive: true, force: true });
    }
  });
});
