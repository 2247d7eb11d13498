import { readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { AbortMultipartUploadCommand, HeadObjectCommand, ListObjectsV2Command, NoSuchUpload, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3LakeStorage } from "@/lib/aws/s3-storage";
import { lakeStorageContract, patterned } from "../contracts/lake-storage.contract";
import { sendToTarget } from "../contracts/send-target";
import { fastRetry, throttling } from "./fakes/aws-error";
import { PORTAL_ORIGIN, S3_CREDENTIALS, startLocalS3, type LocalS3 } from "./helpers/s3-server";

const MiB = 1024 * 1024;

function storageOn(s3: LocalS3, extra: Partial<ConstructorParameters<typeof S3LakeStorage>[0]> = {}) {
  return new S3LakeStorage({
    bucket: s3.bucket,
    region: "us-east-1",
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: S3_CREDENTIALS,
    multipartThreshold: 5 * MiB,
    partSize: 5 * MiB,
    listPageSize: 5,
    ...extra,
  });
}

// The shared contract, against a real S3-compatible server on loopback.
lakeStorageContract("S3 (s3rver on loopback)", async () => {
  const s3 = await startLocalS3();
  const storage = storageOn(s3);
  return {
    storage,
    largeSize: 5 * MiB,
    send: (t, bytes) => sendToTarget(storage, t, bytes),
    cleanup: () => s3.close(),
  };
});

describe("S3 lake: presigned uploads as a browser sends them", () => {
  let s3: LocalS3;
  let storage: S3LakeStorage;
  beforeAll(async () => {
    s3 = await startLocalS3();
    storage = storageOn(s3);
  });
  afterAll(() => s3.close());

  it("a presigned PUT signs content-type and content-length", async () => {
    const t = await storage.createUploadTarget("raw/orders/month=2025-11/batch=b1/orders.csv", 10, "text/csv");
    if (t.kind !== "single") throw new Error("expected a single PUT");
    const signed = new URL(t.url).searchParams.get("X-Amz-SignedHeaders")!.split(";");
    expect(signed).toEqual(expect.arrayContaining(["host", "content-type", "content-length"]));
    // No checksum of an empty body baked into the URL (it would make S3 reject the real bytes).
    expect(t.url).not.toMatch(/x-amz-checksum|x-amz-sdk-checksum/i);
  });

  it("accepts the granted file with the CORS headers the portal needs", async () => {
    const body = new TextEncoder().encode("order_id,total\n1,2.50\n");
    const key = "raw/orders/month=2025-11/batch=b2/orders.csv";
    const t = await storage.createUploadTarget(key, body.length, "text/csv");
    if (t.kind !== "single") throw new Error("expected a single PUT");
    // The browser's preflight for a cross-origin PUT with a content-type header.
    const pre = await fetch(t.url, {
      method: "OPTIONS",
      headers: { origin: PORTAL_ORIGIN, "access-control-request-method": "PUT", "access-control-request-headers": "content-type" },
    });
    expect(pre.status).toBe(200);
    expect(pre.headers.get("access-control-allow-methods")).toMatch(/PUT/);
    const res = await fetch(t.url, { method: "PUT", headers: { ...t.headers, origin: PORTAL_ORIGIN }, body });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(PORTAL_ORIGIN);
    expect((await storage.head(key))?.size).toBe(body.length);
  });

  it("refuses a preflight from another origin", async () => {
    const t = await storage.createUploadTarget("raw/x/month=2025-11/batch=b3/x.csv", 1, "text/csv");
    if (t.kind !== "single") throw new Error("expected a single PUT");
    const pre = await fetch(t.url, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "PUT", "access-control-request-headers": "content-type" },
    });
    expect(pre.status).toBe(403);
  });

  it("rejects a PUT whose content-type or size differs from the grant", async () => {
    const key = "raw/orders/month=2025-11/batch=b4/orders.csv";
    const t = await storage.createUploadTarget(key, 5, "text/csv");
    if (t.kind !== "single") throw new Error("expected a single PUT");
    const wrongType = await fetch(t.url, { method: "PUT", headers: { "content-type": "application/x-msdownload" }, body: "12345" });
    expect(wrongType.status).toBe(403);
    const wrongSize = await fetch(t.url, { method: "PUT", headers: t.headers, body: "123456789" });
    expect(wrongSize.status).toBe(403);
    expect(await storage.head(key)).toBeNull();
    expect(s3.rejected.length).toBeGreaterThanOrEqual(2);
    const ok = await fetch(t.url, { method: "PUT", headers: t.headers, body: "12345" });
    expect(ok.status).toBe(200);
  });

  it("multipart: presigned parts, ETags exposed to the browser, completed in order", async () => {
    const bytes = patterned(11 * MiB + 3, 9);
    const key = "raw/events/month=2025-11/batch=b5/events.csv";
    const t = await storage.createUploadTarget(key, bytes.length, "text/csv");
    if (t.kind !== "multipart") throw new Error("expected multipart");
    expect(t.partSize).toBe(5 * MiB);
    expect(t.parts).toHaveLength(3);
    // Parts may arrive in any order from parallel browser uploads.
    const etags: { partNumber: number; etag: string }[] = [];
    for (const p of [...t.parts].reverse()) {
      const start = (p.partNumber - 1) * t.partSize;
      const res = await fetch(p.url, { method: "PUT", headers: { origin: PORTAL_ORIGIN }, body: new Uint8Array(bytes.subarray(start, start + t.partSize)) });
      expect(res.status).toBe(200);
      expect(res.headers.get("access-control-expose-headers") ?? "").toMatch(/etag/i);
      etags.push({ partNumber: p.partNumber, etag: res.headers.get("etag")! });
    }
    expect(await storage.head(key)).toBeNull();
    await storage.completeMultipart(key, t.uploadId, etags);
    expect((await storage.head(key))?.size).toBe(bytes.length);
    expect(Buffer.from(await storage.get(key)).equals(Buffer.from(bytes))).toBe(true);
  });

  it("a part larger than granted is refused", async () => {
    const key = "raw/events/month=2025-11/batch=b6/events.csv";
    const t = await storage.createUploadTarget(key, 6 * MiB, "text/csv");
    if (t.kind !== "multipart") throw new Error("expected multipart");
    const res = await fetch(t.parts[1]!.url, { method: "PUT", body: new Uint8Array(patterned(2 * MiB)) });
    expect(res.status).toBe(403);
    await storage.abortMultipart(key, t.uploadId);
  });

  it("lists across many pages", async () => {
    const keys = Array.from({ length: 23 }, (_, i) => `curated/fact_orders_enriched/month=2025-09/part-${String(i).padStart(2, "0")}.parquet`);
    for (const k of keys) await storage.put(k, "x");
    expect((await storage.list("curated/fact_orders_enriched/")).map((o) => o.key)).toEqual(keys);
  });

  it("jobs stage S3 objects to disk under their work folder", async () => {
    await storage.put("processed/orders/month=2025-09/part-0.parquet", "p");
    const work = path.join(os.tmpdir(), `stage-${Date.now()}`);
    const p = await storage.stageIn("processed/orders/month=2025-09/part-0.parquet", work);
    expect(p).toBe(path.join(work, "processed/orders/month=2025-09/part-0.parquet"));
    expect(await readFile(p, "utf8")).toBe("p");
    await rm(work, { recursive: true, force: true });
  });
});

// s3rver does not implement AbortMultipartUpload, so abort is checked against S3's documented answers.
describe("S3 lake: abort", () => {
  it("aborts the upload, and an already finished one is not an error", async () => {
    const client = new S3Client({ region: "us-east-1", credentials: S3_CREDENTIALS });
    const mock = mockClient(client);
    mock
      .on(AbortMultipartUploadCommand)
      .resolvesOnce({})
      .rejectsOnce(new NoSuchUpload({ message: "The specified upload does not exist.", $metadata: { httpStatusCode: 404 } }))
      .rejects(Object.assign(new Error("Access Denied"), { name: "AccessDenied", $metadata: { httpStatusCode: 403 } }));
    const storage = new S3LakeStorage({ bucket: "b", region: "us-east-1", client, retry: fastRetry });
    await storage.abortMultipart("k", "u1");
    expect(mock.commandCalls(AbortMultipartUploadCommand)[0]!.args[0].input).toEqual({ Bucket: "b", Key: "k", UploadId: "u1" });
    await expect(storage.abortMultipart("k", "u1")).resolves.toBeUndefined();
    await expect(storage.abortMultipart("k", "u2")).rejects.toMatchObject({ name: "AccessDenied" });
  });
});

describe("S3 lake: throttling", () => {
  it("retries throttled calls and keeps paging", async () => {
    const client = new S3Client({ region: "us-east-1", credentials: S3_CREDENTIALS });
    const mock = mockClient(client);
    mock
      .on(HeadObjectCommand)
      .rejectsOnce(throttling())
      .resolves({ ContentLength: 3, LastModified: new Date("2025-12-01T00:00:00Z") });
    mock
      .on(ListObjectsV2Command)
      .resolvesOnce({ IsTruncated: true, NextContinuationToken: "t1", Contents: [{ Key: "a/1", Size: 1 }] })
      .rejectsOnce(throttling())
      .resolvesOnce({ IsTruncated: false, Contents: [{ Key: "a/2", Size: 2 }] });
    const storage = new S3LakeStorage({ bucket: "b", region: "us-east-1", client, retry: fastRetry });
    expect(await storage.head("k")).toMatchObject({ key: "k", size: 3 });
    expect((await storage.list("a/")).map((o) => o.key)).toEqual(["a/1", "a/2"]);
    const listCalls = mock.commandCalls(ListObjectsV2Command);
    expect(listCalls).toHaveLength(3);
    expect(listCalls[2]!.args[0].input.ContinuationToken).toBe("t1");
  });

  it("gives up after the retry budget", async () => {
    const client = new S3Client({ region: "us-east-1", credentials: S3_CREDENTIALS });
    mockClient(client).on(HeadObjectCommand).rejects(throttling());
    const storage = new S3LakeStorage({ bucket: "b", region: "us-east-1", client, retry: fastRetry });
    await expect(storage.head("k")).rejects.toMatchObject({ name: "ThrottlingException" });
  });
});

// Issue 11, items 10 and 11 on S3: raw objects are written with If-None-Match, so a presigned URL can
// create its file once and never replace it; a cancelled batch's URLs are sealed.
describe("S3 lake: raw objects are write-once", () => {
  let s3: LocalS3;
  let storage: S3LakeStorage;
  beforeAll(async () => {
    s3 = await startLocalS3();
    storage = storageOn(s3);
  });
  afterAll(() => s3.close());
  const enc = new TextEncoder();

  it("a presigned PUT for a raw key signs If-None-Match: the first PUT lands, any later one gets 412", async () => {
    const key = "raw/orders/month=2025-11/batch=w1/orders.csv";
    const first = await storage.createUploadTarget(key, 9, "text/csv");
    const spare = await storage.createUploadTarget(key, 9, "text/csv");
    if (first.kind !== "single" || spare.kind !== "single") throw new Error("expected single PUTs");
    expect(first.headers).toEqual({ "content-type": "text/csv", "if-none-match": "*" });
    expect(new URL(first.url).searchParams.get("X-Amz-SignedHeaders")!.split(";")).toContain("if-none-match");
    expect((await fetch(first.url, { method: "PUT", headers: first.headers, body: enc.encode("a,b\n1,2\n\n") })).status).toBe(200);
    const replay = await fetch(spare.url, { method: "PUT", headers: spare.headers, body: enc.encode("a,b\n6,6\n\n") });
    expect(replay.status).toBe(412);
    // Leaving the header out breaks the signature: the URL cannot be used without the condition.
    const withoutCondition = Object.fromEntries(Object.entries(spare.headers).filter(([k]) => k !== "if-none-match"));
    expect((await fetch(spare.url, { method: "PUT", headers: withoutCondition, body: enc.encode("a,b\n6,6\n\n") })).status).toBe(403);
    expect(new TextDecoder().decode(await storage.get(key))).toBe("a,b\n1,2\n\n");
    expect(s3.conditionalRefusals).toContain(key);
  });

  it("put, upload and multipart completion into an existing raw key fail with ObjectExistsError", async () => {
    const key = "raw/orders/month=2025-11/batch=w2/orders.csv";
    await storage.put(key, "original");
    await expect(storage.put(key, "other")).rejects.toMatchObject({ name: "ObjectExistsError" });
    const big = patterned(5 * MiB + 10, 4);
    const t = await storage.createUploadTarget(key, big.length, "text/csv");
    if (t.kind !== "multipart") throw new Error("expected multipart");
    await expect(sendToTarget(storage, t, big)).rejects.toMatchObject({ name: "ObjectExistsError" });
    expect(new TextDecoder().decode(await storage.get(key))).toBe("original");
    // Outside raw/ a put still replaces.
    await storage.put("curated/x/month=2025-11/a.parquet", "1");
    await storage.put("curated/x/month=2025-11/a.parquet", "2");
    expect(new TextDecoder().decode(await storage.get("curated/x/month=2025-11/a.parquet"))).toBe("2");
  });

  it("sealing a cancelled batch's keys leaves its outstanding URLs nothing to write", async () => {
    const sent = "raw/orders/month=2025-11/batch=w3/orders.csv";
    const pending = "raw/products/month=2025-11/batch=w3/products.csv";
    await storage.put(sent, "orders");
    const t = await storage.createUploadTarget(pending, 8, "text/csv");
    if (t.kind !== "single") throw new Error("expected a single PUT");
    await storage.sealUploads([sent, pending]);
    expect((await fetch(t.url, { method: "PUT", headers: t.headers, body: enc.encode("products") })).status).toBe(412);
    expect(new TextDecoder().decode(await storage.get(sent))).toBe("orders");
    expect((await storage.head(pending))?.size).toBe(0);
  });
});
