import "server-only";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { detectTable, type TableName } from "../contracts";
import { AppError } from "../errors";
import { acceptLocalUpload, completeBatch, startBatch } from "./batches";
import { firstRecord } from "./csv/sniff-file";

export interface UploadPlanFile {
  path: string;
  fileName: string;
  size: number;
  table: TableName;
}

/** Which table each file is (file name first, then header), as the portal's browser check does. */
export async function planUpload(paths: string[]): Promise<UploadPlanFile[]> {
  const out: UploadPlanFile[] = [];
  for (const p of paths) {
    const s = await stat(p);
    const fh = await open(p, "r");
    const buf = Buffer.alloc(Math.min(s.size, 64 * 1024));
    await fh.read(buf, 0, buf.length, 0);
    await fh.close();
    const header = firstRecord(buf.toString("utf8").replace(/^\uFEFF/, "")) ?? [];
    const table = detectTable(path.basename(p), header);
    if (!table) throw new AppError(400, "unknown_table", `${p}: cannot tell which table this file is (name it after the table, e.g. orders.csv)`);
    if (out.some((f) => f.table === table)) throw new AppError(400, "duplicate_table", `${p}: a second file for table ${table}`);
    out.push({ path: p, fileName: path.basename(p), size: s.size, table });
  }
  return out;
}

/**
 * Uploads files as one batch through the portal's own path (the reference system's upload_files.py):
 * open a batch, send each file to its upload target, complete the batch (which writes the manifest).
 */
export async function uploadFiles(opts: {
  month: string;
  files: UploadPlanFile[];
  userId: string | null;
  onFile?: (f: UploadPlanFile) => void;
}): Promise<{ batchId: string; runId: string }> {
  const started = await startBatch({
    month: opts.month,
    files: opts.files.map((f) => ({ fileName: f.fileName, size: f.size, table: f.table, contentType: "text/csv" })),
    userId: opts.userId,
    source: "cli",
  });
  for (const target of started.files) {
    const file = opts.files.find((f) => f.table === target.table)!;
    const t = target.target;
    if (t.kind === "single" && t.url.startsWith("/")) {
      // The local backend's signed URL is served by this app; outside the server, call its handler directly.
      const token = new URL(t.url, "http://local").searchParams.get("token") ?? "";
      await acceptLocalUpload(token, Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>, file.size);
    } else if (t.kind === "single") {
      const res = await fetch(t.url, { method: "PUT", headers: { ...t.headers, "content-length": String(file.size) }, body: Readable.toWeb(createReadStream(file.path)) as never, duplex: "half" } as RequestInit);
      if (!res.ok) throw new AppError(500, "upload_failed", `${file.fileName}: upload failed with HTTP ${res.status}`);
    } else {
      await putMultipart(file, t);
    }
    opts.onFile?.(file);
  }
  const { runId } = await completeBatch(started.batchId, { userId: opts.userId });
  return { batchId: started.batchId, runId };
}

async function putMultipart(file: UploadPlanFile, t: Extract<Awaited<ReturnType<typeof startBatch>>["files"][number]["target"], { kind: "multipart" }>) {
  const { getBackend } = await import("../backend");
  const { lake } = await getBackend();
  const parts: { partNumber: number; etag: string }[] = [];
  const fh = await open(file.path, "r");
  try {
    for (const p of t.parts) {
      const start = (p.partNumber - 1) * t.partSize;
      const len = Math.min(t.partSize, file.size - start);
      const buf = Buffer.alloc(len);
      await fh.read(buf, 0, len, start);
      const res = await fetch(p.url, { method: "PUT", body: buf });
      if (!res.ok) throw new AppError(500, "upload_failed", `${file.fileName}: part ${p.partNumber} failed with HTTP ${res.status}`);
      parts.push({ partNumber: p.partNumber, etag: res.headers.get("etag") ?? "" });
    }
  } finally {
    await fh.close();
  }
  await lake.completeMultipart(t.key, t.uploadId, parts);
}
