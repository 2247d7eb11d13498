import "server-only";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import {
  profileTablesForFile, resolveColumns, sniffCsv, tableFromFileName, tablesInFileName, TABLE_NAMES, TABLES, wrongFileMessage, type SourceProfile, type TableName,
} from "../contracts";
import { AppError } from "../errors";
import { acceptLocalUpload, completeBatch, startBatch } from "./batches";

export interface UploadPlanFile {
  path: string;
  fileName: string;
  size: number;
  table: TableName;
  /** A second table the same file feeds (an order-lines export: `order_items` and `orders`). */
  alsoTable?: TableName;
}

export interface PlanOptions {
  profile?: SourceProfile | null;
  /** The uploader says which table(s) a file is (`--table FILE=TABLE`), by path or base name (namesFile). */
  tables?: ReadonlyMap<string, TableName[]>;
}

const SAMPLE = 64 * 1024;

/**
 * Which table each file is, as the portal's browser check decides it: the uploader's word, else the
 * profile's file globs, else the file name, else the header read through the profile. Every file that
 * cannot be placed is reported at once, with what would place it.
 */
export async function planUpload(paths: string[], opts: PlanOptions = {}): Promise<UploadPlanFile[]> {
  const out: UploadPlanFile[] = [];
  const problems: string[] = [];
  for (const p of paths) {
    const s = await stat(p);
    const fileName = path.basename(p);
    // The batch refuses it too (startBatchInput); said here, the message names the file.
    if (s.size === 0) {
      problems.push(`${p}: the file is empty — an empty file cannot be uploaded`);
      continue;
    }
    const sample = await readSample(p, s.size);
    // A workbook, an archive or a PDF (the wrong file, whatever its name) is refused before the upload, as
    // the upload page's check refuses it; other bytes that are not CSV are the batch's to report (rule binary).
    const wrong = wrongFileMessage(sample);
    if (wrong) {
      problems.push(`${p}: ${wrong}`);
      continue;
    }
    const said = [...(opts.tables ?? [])].find(([name]) => namesFile(name, p))?.[1];
    const tables = said ?? detectTables(fileName, sample, opts.profile ?? null);
    if (tables.length === 0) {
      // A name naming two tables (customers_orders.csv) is said as such: renaming it is the fix.
      const named = tablesInFileName(fileName);
      const why = named.length > 1 ? `its name names ${named.join(" and ")} and its header does not say which` : "cannot tell which table this file is";
      problems.push(`${p}: ${why} — name it after the table (e.g. orders.csv), say it with --table ${fileName}=TABLE, or leave it out with --skip ${fileName}`);
      continue;
    }
    if (tables.length > 2) {
      problems.push(`${p}: a file feeds at most two tables (orders and order_items), not ${tables.join(", ")}`);
      continue;
    }
    out.push({ path: p, fileName, size: s.size, table: tables[0]!, ...(tables[1] ? { alsoTable: tables[1] } : {}) });
  }
  const seen = new Map<TableName, string>();
  for (const f of out) {
    for (const t of [f.table, f.alsoTable].filter((x): x is TableName => x !== undefined)) {
      const other = seen.get(t);
      if (other) problems.push(`${f.path}: a second file for table ${t} (${other} is one already)`);
      else seen.set(t, f.path);
    }
  }
  if (problems.length > 0) throw new AppError(400, "unplaceable_files", problems.join("\n"), problems);
  return out;
}

async function readSample(p: string, size: number): Promise<Buffer> {
  const fh = await open(p, "r");
  const buf = Buffer.alloc(Math.min(size, SAMPLE));
  try {
    await fh.read(buf, 0, buf.length, 0);
  } finally {
    await fh.close();
  }
  return buf;
}

/** Whether a name the uploader gave (`--table NAME=TABLE`) is this file: its path, in any spelling, or its base name. */
export function namesFile(name: string, p: string): boolean {
  return name === p || name === path.basename(p) || path.resolve(name) === path.resolve(p);
}

function detectTables(fileName: string, sample: Uint8Array, profile: SourceProfile | null): TableName[] {
  const byProfile = profileTablesForFile(profile, fileName);
  if (byProfile.length > 0) return byProfile;
  const byName = tableFromFileName(fileName);
  if (byName) return [byName];
  const sniff = sniffCsv(sample, { encoding: profile?.encoding ?? "auto", delimiter: profile?.delimiter ?? "auto" });
  if (!sniff.ok) return [];
  // The table whose required columns the header (read through the profile) has, sharing the most columns.
  let best: { table: TableName; score: number } | null = null;
  for (const t of TABLE_NAMES) {
    const res = resolveColumns(t, sniff.header, profile?.tables?.[t]);
    if (res.missingRequired.length > 0) continue;
    const score = Object.keys(res.indexOf).length / TABLES[t].columns.length;
    if (!best || score > best.score) best = { table: t, score };
  }
  return best ? [best.table] : [];
}

/**
 * Uploads files as one batch through the portal's own path (the reference system's upload_files.py):
 * open a batch, send each file to its upload target, complete the batch (which writes the manifest).
 */
export async function uploadFiles(opts: {
  month: string;
  files: UploadPlanFile[];
  userId: string | null;
  profile?: SourceProfile | null;
  onFile?: (f: UploadPlanFile) => void;
}): Promise<{ batchId: string; runId: string }> {
  const started = await startBatch({
    month: opts.month,
    files: opts.files.map((f) => ({ fileName: f.fileName, size: f.size, table: f.table, ...(f.alsoTable ? { alsoTable: f.alsoTable } : {}), contentType: "text/csv" })),
    ...(opts.profile ? { profile: opts.profile } : {}),
    userId: opts.userId,
    source: "cli",
  });
  for (const target of started.files) {
    const file = opts.files.find((f) => f.table === target.table)!;
    const t = target.target;
    if (t.kind === "single" && t.url.startsWith("/")) {
      // The local backend's signed URL is served by this app; outside the server, call its handler directly.
      const token = new URL(t.url, "http://local").searchParams.get("token") ?? "";
      await acceptLocalUpload(token, createReadStream(file.path, { highWaterMark: 1 << 20 }), file.size);
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
  const { getBackend } = await import("../wiring");
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
