// Issue 11, items 10, 11 and 14: upload URLs die with their batch, raw files are written once, the
// content type is bound to the URL and never echoed. Real route handlers, real database, real lake.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import type { SessionUser } from "@/lib/auth/session";
import { ordersCsv } from "../support/fixtures";
import { freshPipelineEnv } from "../support/pipeline-env";

let currentUser: SessionUser | null = null;
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => currentUser }));

const uploads = await import("@/app/api/uploads/route");
const batchRoute = await import("@/app/api/uploads/[batchId]/route");
const targetsRoute = await import("@/app/api/uploads/[batchId]/targets/route");
const completeRoute = await import("@/app/api/uploads/[batchId]/complete/route");
const lakeUpload = await import("@/app/api/lake/upload/route");
const { createUser } = await import("@/lib/db/users");
const { waitForRun } = await import("@/lib/services/runs");
const { getBackend } = await import("@/lib/wiring");
const { ObjectExistsError } = await import("@/lib/lake/storage");

const BASE = "http://127.0.0.1:3000";
const MONTH = "2025-11";
const ORDERS = ordersCsv(MONTH);

const req = (url: string, init: { method?: string; body?: string | Uint8Array; headers?: Record<string, string> } = {}) =>
  new NextRequest(new URL(url, BASE), init as never);
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });
const json = (body: unknown) => ({ body: JSON.stringify(body), headers: { "content-type": "application/json" } });

interface Started {
  batchId: string;
  files: { key: string; target: { kind: string; url: string; headers: Record<string, string> } }[];
}

async function start(content = ORDERS, fileName = "orders.csv"): Promise<Started> {
  const res = await uploads.POST(req("/api/uploads", { method: "POST", ...json({ month: MONTH, files: [{ fileName, size: Buffer.byteLength(content), table: "orders", contentType: "text/csv" }] }) }), ctx());
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Started;
}

const put = (url: string, bytes: string | Uint8Array, type = "text/csv") =>
  lakeUpload.PUT(req(url, { method: "PUT", body: typeof bytes === "string" ? new TextEncoder().encode(bytes) : bytes, headers: { "content-type": type, "content-length": String(typeof bytes === "string" ? Buffer.byteLength(bytes) : bytes.length) } }), ctx());

let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
beforeAll(async () => {
  env = await freshPipelineEnv();
  const u = await createUser({ email: "client@example.com", password: "lantern-quietly-harbors", role: "client" });
  currentUser = { id: u.id, email: u.email, name: "Client", role: "client" };
});
afterAll(async () => env.cleanup());

/** Free MB on the test DATA_DIR's disk. */
async function freeDiskMb(): Promise<number> {
  const { statfs } = await import("node:fs/promises");
  const fs = await statfs(env.dataDir);
  return Math.floor((fs.bavail * fs.bsize) / 2 ** 20);
}

/** Sets LOCAL_MIN_FREE_DISK_MB (undefined: the default) for the backends built from now on. */
async function setReserve(mb: string | undefined): Promise<void> {
  const { resetConfig } = await import("@/lib/config");
  const { resetBackend } = await import("@/lib/wiring");
  if (mb === undefined) delete process.env.LOCAL_MIN_FREE_DISK_MB;
  else process.env.LOCAL_MIN_FREE_DISK_MB = mb;
  resetConfig();
  resetBackend();
}

describe("upload lifecycle", () => {
  it("cancelling is final: the batch's URL no longer writes and complete starts nothing (item 10)", async () => {
    const s = await start();
    const url = s.files[0]!.target.url;
    const cancel = await batchRoute.DELETE(req(`/api/uploads/${s.batchId}`, { method: "DELETE" }), ctx({ batchId: s.batchId }));
    expect(cancel.status).toBe(204);

    const late = await put(url, ORDERS);
    expect(late.status).toBe(410);
    expect((await late.json()).error.code).toBe("upload_closed");
    const { lake } = await getBackend();
    expect(await lake.head(s.files[0]!.key)).toBeNull();

    const complete = await completeRoute.POST(req(`/api/uploads/${s.batchId}/complete`, { method: "POST" }), ctx({ batchId: s.batchId }));
    expect(complete.status).toBe(409);
    expect((await complete.json()).error.code).toBe("batch_cancelled");
    // A second cancel is a 409 too, not a silent success, and says why (not "already complete").
    const again = await batchRoute.DELETE(req(`/api/uploads/${s.batchId}`, { method: "DELETE" }), ctx({ batchId: s.batchId }));
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toBe("This upload was cancelled already.");
  });

  it("a PUT already streaming when the batch is cancelled writes nothing, and leaves no part file", async () => {
    const { Readable } = await import("node:stream");
    const { readdir } = await import("node:fs/promises");
    const { acceptLocalUpload } = await import("@/lib/services/batches");
    const s = await start();
    const key = s.files[0]!.key;
    const token = new URL(s.files[0]!.target.url, BASE).searchParams.get("token") ?? "";
    const half = Math.floor(ORDERS.length / 2);
    // The user cancels while the body is on its way: between its two chunks.
    const body = Readable.from(
      (async function* () {
        yield Buffer.from(ORDERS.slice(0, half));
        const cancel = await batchRoute.DELETE(req(`/api/uploads/${s.batchId}`, { method: "DELETE" }), ctx({ batchId: s.batchId }));
        expect(cancel.status).toBe(204);
        yield Buffer.from(ORDERS.slice(half));
      })(),
    );
    await expect(acceptLocalUpload(token, body, Buffer.byteLength(ORDERS))).rejects.toMatchObject({ status: 410, code: "upload_closed" });
    const { lake } = await getBackend();
    expect(await lake.head(key)).toBeNull();
    const dir = path.join(env.dataDir, "lake", path.dirname(key));
    expect(await readdir(dir)).toEqual([]);
  });

  it("a disk that cannot take the files while keeping its reserve refuses the batch and the PUT at once (507), writing nothing", async () => {
    const early = await start(); // opened while there was room
    const freeMb = await freeDiskMb();
    await setReserve(String(freeMb + 1024)); // more than the disk has: nothing fits
    try {
      const files = [{ fileName: "orders.csv", size: Buffer.byteLength(ORDERS), table: "orders", contentType: "text/csv" }];
      const res = await uploads.POST(req("/api/uploads", { method: "POST", ...json({ month: MONTH, files }) }), ctx());
      expect(res.status).toBe(507);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe("insufficient_storage");
      expect(body.error.message).toMatch(/^The server's disk has [\d.]+ [KMGT]B free: 364 B more would leave less than the [\d.]+ [KMGT]B it keeps free( \(with [\d.]+ [KMGT]?B of other uploads still on their way\))?\. Ask an administrator/);
      // A URL handed out before is refused before a byte is written.
      const put1 = await put(early.files[0]!.target.url, ORDERS);
      expect(put1.status).toBe(507);
      const { lake } = await getBackend();
      expect(await lake.head(early.files[0]!.key)).toBeNull();
    } finally {
      await setReserve(undefined);
    }
    // With the default reserve the same URL was not spent: it still writes.
    expect((await put(early.files[0]!.target.url, ORDERS)).status).toBe(200);
  });

  it("open uploads count against the disk's reserve: two batches that each fit but not together, the second is refused (both were accepted and the disk went below it)", async () => {
    const freeMb = await freeDiskMb();
    await setReserve(String(freeMb - 1000)); // 1000 MB above the reserve
    try {
      const announce = (mb: number) =>
        uploads.POST(req("/api/uploads", { method: "POST", ...json({ month: MONTH, files: [{ fileName: "events.csv", size: mb * 2 ** 20, table: "events", contentType: "text/csv" }] }) }), ctx());
      const first = await announce(600);
      expect(first.status, await first.clone().text()).toBe(200);
      const second = await announce(600);
      expect(second.status).toBe(507);
      expect(((await second.json()) as { error: { message: string } }).error.message).toMatch(/\(with [\d.]+ MB of other uploads still on their way\)/);
      // Discarded, the first no longer holds its room.
      const { batchId } = (await first.json()) as Started;
      expect((await batchRoute.DELETE(req(`/api/uploads/${batchId}`, { method: "DELETE" }), ctx({ batchId }))).status).toBe(204);
      expect((await announce(600)).status).toBe(200);
    } finally {
      await setReserve(undefined);
    }
  });

  it("one user has at most 10 uploads open at once (one client opened 40 of 5 GiB in a second)", async () => {
    const before = currentUser;
    const u = await createUser({ email: "opener@example.com", password: "lantern-quietly-harbors", role: "client" });
    currentUser = { id: u.id, email: u.email, name: "Opener", role: "client" };
    try {
      for (let i = 0; i < 10; i++) await start();
      const res = await uploads.POST(req("/api/uploads", { method: "POST", ...json({ month: MONTH, files: [{ fileName: "orders.csv", size: 10, table: "orders", contentType: "text/csv" }] }) }), ctx());
      // 409, not 429: the browser retries throttling by itself, and waiting does not close an upload.
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("too_many_open_uploads");
    } finally {
      currentUser = before;
    }
    // Another user is not held back by them.
    await start();
  });

  it("a month that has not begun is refused when the batch opens (one 2999-12 upload took over the default dashboard)", async () => {
    const { latestStartedMonth, addMonths } = await import("@/lib/contracts/months");
    const files = [{ fileName: "orders.csv", size: Buffer.byteLength(ORDERS), table: "orders", contentType: "text/csv" }];
    for (const month of ["2999-12", addMonths(latestStartedMonth(), 1)]) {
      const res = await uploads.POST(req("/api/uploads", { method: "POST", ...json({ month, files }) }), ctx());
      expect(res.status, month).toBe(400);
      expect(JSON.stringify(await res.json())).toContain(`month ${month} has not begun yet: a batch holds a month that has started (the latest is ${latestStartedMonth()})`);
    }
    // This month (somewhere on Earth it has begun) is accepted.
    const ok = await uploads.POST(req("/api/uploads", { method: "POST", ...json({ month: latestStartedMonth(), files }) }), ctx());
    expect(ok.status).toBe(200);
  });

  it("a spare URL cannot replace a raw file once the batch completed (item 11)", async () => {
    const s = await start();
    const key = s.files[0]!.key;
    // A second URL for the same file, as the page asks for when a PUT broke half-way.
    const spareRes = await targetsRoute.POST(req(`/api/uploads/${s.batchId}/targets`, { method: "POST", ...json({ keys: [key] }) }), ctx({ batchId: s.batchId }));
    const spare = ((await spareRes.json()) as { targets: { url: string }[] }).targets[0]!.url;
    expect((await put(s.files[0]!.target.url, ORDERS)).status).toBe(200);

    const done = await completeRoute.POST(req(`/api/uploads/${s.batchId}/complete`, { method: "POST" }), ctx({ batchId: s.batchId }));
    expect(done.status).toBe(200);
    const { runId } = (await done.json()) as { runId: string };

    const forged = ORDERS.replace(/\n[^\n]*\n$/, "\no999,=HYPERLINK(\"http://evil\")\n").padEnd(ORDERS.length, " ").slice(0, ORDERS.length);
    const replaced = await put(spare, forged);
    expect(replaced.status).toBe(410);
    const { lake } = await getBackend();
    expect(Buffer.from(await lake.get(key)).toString("utf8")).toBe(ORDERS);
    await waitForRun(runId, { timeoutMs: 120_000 });
  });

  it("raw objects are write-once in the local lake, whatever writes them", async () => {
    const { lake } = await getBackend();
    const key = `raw/orders/month=${MONTH}/batch=write-once-test/orders.csv`;
    await lake.put(key, "first");
    await expect(lake.put(key, "second")).rejects.toBeInstanceOf(ObjectExistsError);
    const src = path.join(env.dataDir, "other.csv");
    await (await import("node:fs/promises")).writeFile(src, "third");
    await expect(lake.upload(src, key)).rejects.toBeInstanceOf(ObjectExistsError);
    expect(new TextDecoder().decode(await lake.get(key))).toBe("first");
    // Elsewhere in the lake, objects are replaced as before (jobs rewrite their outputs).
    await lake.put("processed/x/month=2025-11/a.parquet", "1");
    await lake.put("processed/x/month=2025-11/a.parquet", "22");
    expect(new TextDecoder().decode(await lake.get("processed/x/month=2025-11/a.parquet"))).toBe("22");
  });

  it("a retried PUT with the same bytes succeeds; different bytes are refused", async () => {
    const s = await start();
    const key = s.files[0]!.key;
    expect((await put(s.files[0]!.target.url, ORDERS)).status).toBe(200);
    const again = await targetsRoute.POST(req(`/api/uploads/${s.batchId}/targets`, { method: "POST", ...json({ keys: [key, key] }) }), ctx({ batchId: s.batchId }));
    const [same, other] = ((await again.json()) as { targets: { url: string }[] }).targets;
    expect((await put(same!.url, ORDERS)).status).toBe(200);
    const changed = await put(other!.url, ORDERS.replace("o1", "o9"));
    expect(changed.status).toBe(409);
    expect((await changed.json()).error.code).toBe("already_uploaded");
    const { lake } = await getBackend();
    expect(Buffer.from(await lake.get(key)).toString("utf8")).toBe(ORDERS);
  });

  it("a file sent in process as a Node stream (the CLI) is held to the URL's size as a PUT is: more bytes are refused, nothing written", async () => {
    const { Readable } = await import("node:stream");
    const { acceptLocalUpload } = await import("@/lib/services/batches");
    const { AppError } = await import("@/lib/errors");
    const s = await start();
    const token = new URL(s.files[0]!.target.url, BASE).searchParams.get("token") ?? "";
    const { lake } = await getBackend();
    // Two chunks, the second one past the size the URL was signed for.
    const tooMuch = Readable.from([Buffer.from(ORDERS), Buffer.from("o99,c1,2025-11-30T00:00:00Z,paid,1.00\n")]);
    const err = await acceptLocalUpload(token, tooMuch, Buffer.byteLength(ORDERS)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ status: 413, code: "too_large" });
    await expect(lake.get(s.files[0]!.key)).rejects.toThrow();
    // A fresh URL for the same file takes exactly its bytes.
    const again = await targetsRoute.POST(req(`/api/uploads/${s.batchId}/targets`, { method: "POST", ...json({ keys: [s.files[0]!.key] }) }), ctx({ batchId: s.batchId }));
    const [fresh] = ((await again.json()) as { targets: { url: string }[] }).targets;
    const freshToken = new URL(fresh!.url, BASE).searchParams.get("token") ?? "";
    await expect(acceptLocalUpload(freshToken, Readable.from([Buffer.from(ORDERS)]), Buffer.byteLength(ORDERS))).resolves.toMatchObject({ size: Buffer.byteLength(ORDERS) });
    expect(Buffer.from(await lake.get(s.files[0]!.key)).toString("utf8")).toBe(ORDERS);
  });

  it("a file name as long as a file system allows (any script, with or without .csv) uploads and completes", async () => {
    const { MAX_KEY_NAME_BYTES } = await import("@/lib/lake/keys");
    const names = [
      "x".repeat(255),
      `${"é".repeat(251)}.csv`,
      `${"a\u00e9".repeat(120)}${"\u{1F4E6}".repeat(7)}.CSV`,
      `${"订单".repeat(127)}.`,
    ];
    for (const fileName of names) {
      const s = await start(ORDERS, fileName);
      const key = s.files[0]!.key;
      const segment = key.slice(key.lastIndexOf("/") + 1);
      expect(segment.toLowerCase().endsWith(".csv"), segment).toBe(true);
      expect(Buffer.byteLength(segment)).toBeLessThanOrEqual(MAX_KEY_NAME_BYTES);
      // The local receiver's temporary file beside it, the longest any lake writes, still fits a name's 255 bytes.
      expect(Buffer.byteLength(`${segment}.${"0".repeat(36)}.part`)).toBeLessThanOrEqual(255);
      const sent = await put(s.files[0]!.target.url, ORDERS);
      expect(sent.status, await sent.clone().text()).toBe(200);
      const done = await completeRoute.POST(req(`/api/uploads/${s.batchId}/complete`, { method: "POST" }), ctx({ batchId: s.batchId }));
      expect(done.status, await done.clone().text()).toBe(200);
      await waitForRun(((await done.json()) as { runId: string }).runId, { timeoutMs: 120_000 });
    }
  });

  it("the content type is bound to the URL, and an unknown one is refused without being echoed (item 14)", async () => {
    const s = await start();
    expect(s.files[0]!.target.headers).toEqual({ "content-type": "text/csv" });
    const wrong = await put(s.files[0]!.target.url, ORDERS, "text/html");
    expect(wrong.status).toBe(415);
    expect((await put(s.files[0]!.target.url, ORDERS, "text/csv; charset=utf-8")).status).toBe(200);

    const evil = "text/html<script>alert(1)</script>";
    const res = await uploads.POST(req("/api/uploads", { method: "POST", ...json({ month: MONTH, files: [{ fileName: "orders.csv", size: 10, table: "orders", contentType: evil }] }) }), ctx());
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).not.toContain("<script>");
    expect(JSON.parse(text).error.details.fields["files.0.contentType"]).toHaveLength(1);
  });
});
