import "server-only";
import { Readable } from "node:stream";
import { z } from "zod";
import { executionNameFor } from "../backend/execution-name";
import { config } from "../config";
import { appSecret } from "../config/secret";
import { TABLE_NAMES, sourceProfileSchema, type SourceProfile, type TableName } from "../contracts";
import { uploadMonthSchema } from "../contracts/month-schemas";
import { addBatchFile, batchStatusForKey, createBatch, getBatch, markBatchCancelled, markBatchCompleted, markFilesVerified, openUploads } from "../db/batches";
import { batchFileSizes, batchOwnerAndStatus } from "../db/batch-runs";
import { getProfile } from "../db/profiles";
import { ensureRun } from "../db/runs";
import { getSetting } from "../db/settings";
import { consumeUploadToken } from "../db/upload-tokens";
import { AppError } from "../errors";
import { plainText } from "../http/input";
import { lakeKeys } from "../lake/keys";
import type { BatchManifest } from "../lake/manifest";
import { ObjectExistsError, type UploadTarget } from "../lake/storage";
import { UploadTokenError, verifyUploadToken } from "../lake/upload-token";
import { newBatchId } from "../pipeline/batch-id";
import { getBackend } from "../wiring";

export const MAX_FILE_BYTES = 5 * 1024 ** 3;
/** Uploads one user may have open at once (their URLs still valid): a person sends a month at a time. */
export const OPEN_BATCHES_PER_USER = 10;

/**
 * What an upload may declare itself as. The type is signed into the upload URL (S3 and local), so the
 * PUT must send exactly it; nothing else a client typed is ever echoed back.
 */
export const UPLOAD_CONTENT_TYPES = ["text/csv", "text/plain", "application/csv", "application/vnd.ms-excel", "application/octet-stream"] as const;

/**
 * The one definition of a batch to open, for the portal (POST /api/uploads) and the CLI
 * (`npm run pipeline`, through upload-files.ts) alike; the messages are the ones the upload page shows.
 */
export const startBatchInput = z.object({
  month: uploadMonthSchema,
  files: z
    .array(
      z.object({
        fileName: plainText(255).trim().min(1),
        size: z.number().int().min(1, "An empty file cannot be uploaded").max(MAX_FILE_BYTES, "A file may be at most 5 GiB"),
        table: z.enum(TABLE_NAMES),
        /** A second table the same file feeds (an order-lines export: orders and order_items). */
        alsoTable: z.enum(TABLE_NAMES).nullish(),
        // Signed into the upload URL; only these are accepted, so nothing a client typed is echoed.
        contentType: z.enum(UPLOAD_CONTENT_TYPES, `contentType must be one of ${UPLOAD_CONTENT_TYPES.join(", ")}`).optional(),
      }),
    )
    .min(1, "Choose at least one file")
    .max(TABLE_NAMES.length, `At most ${TABLE_NAMES.length} files, one per table`)
    .refine((files) => {
      const tables = files.flatMap((f) => (f.alsoTable ? [f.table, f.alsoTable] : [f.table]));
      return new Set(tables).size === tables.length;
    }, "Each table can appear only once in a batch"),
  /** A saved profile to read the files with, or an inline one (the CLI's --profile FILE); neither: the contract format. */
  profileId: z.string().min(1).max(100).optional(),
  profile: sourceProfileSchema.optional(),
});
/** A lake key of one of the batch's files (a batch has at most one file per table). */
const batchKey = z.string().min(1).max(1024);
/** An S3 multipart upload the browser opened for one file of the batch. */
const multipartRef = z.object({ key: batchKey, uploadId: z.string().min(1).max(1024) });

/** POST /api/uploads/:id/targets: fresh upload targets for these files. */
export const batchTargetsInput = z.object({ keys: z.array(batchKey).min(1).max(TABLE_NAMES.length) });

/** DELETE /api/uploads/:id: the multipart uploads to abort. */
export const cancelBatchInput = z.object({ multipart: z.array(multipartRef).max(TABLE_NAMES.length).default([]) }).default({ multipart: [] });

/** POST /api/uploads/:id/complete: files sent as S3 multipart uploads, with their parts' ETags, so the server can assemble them. */
export const completeBatchInput = z
  .object({
    multipart: z
      .array(multipartRef.extend({ parts: z.array(z.object({ partNumber: z.number().int().min(1).max(10_000), etag: z.string().min(1).max(200) })).min(1).max(10_000) }))
      .max(TABLE_NAMES.length)
      .default([]),
  })
  .default({ multipart: [] });

export type StartBatchInput = z.infer<typeof startBatchInput>;

export interface StartedBatch {
  batchId: string;
  files: { fileName: string; table: TableName; key: string; size: number; target: UploadTarget }[];
}

/** Opens a batch: one upload target per file, scoped to its key and size. Nothing runs until completeBatch. */
export async function startBatch(
  input: StartBatchInput & { userId: string | null; source: "portal" | "cli" },
): Promise<StartedBatch> {
  const parsed = startBatchInput.safeParse(input);
  if (!parsed.success) throw new AppError(400, "invalid_batch", parsed.error.issues.map((i) => i.message).join("; "), parsed.error.issues);
  const { month, files } = parsed.data;
  const profile = await batchProfile(parsed.data);
  const backend = await getBackend();
  // Open uploads whose URLs still work: a user's are capped, and where the files land on this machine's
  // disk the whole batch must fit beside what they announced (two at once went below the reserve).
  const open = await openUploads(new Date(Date.now() - config().UPLOAD_URL_TTL_SECONDS * 1000), input.userId);
  if (open.mine >= OPEN_BATCHES_PER_USER) {
    throw new AppError(409, "too_many_open_uploads", `You have ${open.mine} uploads open: finish or discard one (My uploads) before starting another.`);
  }
  await backend.uploadReceiver?.ensureRoom(files.reduce((n, f) => n + f.size, 0), open.bytes);
  const batchId = newBatchId();
  await createBatch({ id: batchId, month, createdById: input.userId, source: input.source, profileId: parsed.data.profileId ?? null, profile });
  const out: StartedBatch["files"] = [];
  for (const f of files) {
    // Stored once, under its first table; the manifest names this key for both tables.
    const key = lakeKeys.rawFile(f.table, month, batchId, f.fileName);
    await addBatchFile({ batchId, table: f.table, fileName: f.fileName, key, size: f.size, alsoTable: f.alsoTable ?? null });
    const target = await backend.lake.createUploadTarget(key, f.size, f.contentType || "text/csv");
    out.push({ fileName: f.fileName, table: f.table, key, size: f.size, target });
  }
  return { batchId, files: out };
}

/** The profile a batch is read with: a snapshot of the saved one (later edits do not change this batch), or the inline one. */
async function batchProfile(input: Pick<StartBatchInput, "profileId" | "profile">): Promise<SourceProfile | null> {
  if (input.profileId !== undefined && input.profile !== undefined) throw new AppError(400, "invalid_batch", "give a saved profile or an inline one, not both");
  if (input.profile) return input.profile;
  if (input.profileId === undefined) return null;
  const saved = await getProfile(input.profileId);
  if (!saved) throw new AppError(400, "profile_not_found", `no saved profile ${input.profileId}`);
  return { ...saved.profile, name: saved.name };
}

/**
 * Closes a batch: every file must be in the lake at its announced size; then the manifest is written
 * (last, it is the trigger) and the run is registered and started.
 */
export async function completeBatch(batchId: string, opts: { userId: string | null; isAdmin?: boolean }): Promise<{ runId: string }> {
  const batch = await getBatch(batchId);
  if (!batch) throw new AppError(404, "batch_not_found", `batch ${batchId} does not exist`);
  if (opts.userId && batch.createdById && batch.createdById !== opts.userId && !opts.isAdmin) {
    throw new AppError(403, "not_your_batch", "this batch was opened by another user");
  }
  // Cancelling is final: a cancelled batch never starts a run.
  if (batch.status === "cancelled") throw new AppError(409, "batch_cancelled", "this upload was cancelled; start a new one");
  const backend = await getBackend();
  const executionName = executionNameFor(batchId);
  if (batch.status === "completed") {
    const run = await ensureRun({ batchId, month: batch.month, executionName, trigger: "manifest" });
    return { runId: run.id };
  }
  const problems: string[] = [];
  const verified: string[] = [];
  for (const f of batch.files) {
    const head = await backend.lake.head(f.key);
    if (!head) problems.push(`${f.fileName}: not uploaded`);
    else if (head.size !== f.size) problems.push(`${f.fileName}: ${head.size} bytes received, ${f.size} announced`);
    else verified.push(f.id);
  }
  await markFilesVerified(verified);
  if (problems.length > 0) throw new AppError(409, "batch_incomplete", `the batch is not complete: ${problems.join("; ")}`, problems);

  const manifestKey = lakeKeys.manifest(batch.month, batchId);
  const manifest: BatchManifest = {
    version: 2,
    batchId,
    month: batch.month,
    createdAt: new Date().toISOString(),
    createdBy: batch.createdById,
    businessTimeZone: config().BUSINESS_TIMEZONE,
    // One entry per (file, table): a file that feeds two tables is listed twice with the same key.
    files: batch.files.flatMap((f) =>
      [f.table, ...(f.alsoTable ? [f.alsoTable] : [])].map((table) => ({ table: table as TableName, key: f.key, fileName: f.fileName, size: f.size })),
    ),
    profile: batch.profile === null ? null : sourceProfileSchema.parse(batch.profile),
    // The thresholds in force now travel with the batch: a later change does not alter how it is judged.
    gate: await getSetting("quality-gate"),
  };
  const run = await ensureRun({ batchId, month: batch.month, executionName, trigger: "manifest" });
  await markBatchCompleted(batchId, manifestKey);
  // The manifest is a raw object, written once: a concurrent completion that wrote it first wins.
  await backend.lake.put(manifestKey, JSON.stringify(manifest, null, 2), "application/json").catch((e: unknown) => {
    if (!(e instanceof ObjectExistsError)) throw e;
  });
  await backend.onManifestWritten({ batchId, month: batch.month, manifestKey, name: executionName });
  return { runId: run.id };
}

/**
 * The user cancelled while sending: abort the open multipart uploads, mark the batch cancelled and seal
 * its keys, so none of its upload URLs writes anything afterwards. Cancelling is final (409 once the
 * batch is no longer open). The caller has checked that the user may act on the batch.
 */
export async function cancelBatch(batchId: string, multipart: readonly { key: string; uploadId: string }[]): Promise<void> {
  const notOpen = async () =>
    new AppError(409, "batch_not_open", (await batchOwnerAndStatus(batchId))?.status === "cancelled" ? "This upload was cancelled already." : "This upload is already complete and cannot be cancelled.");
  if ((await batchOwnerAndStatus(batchId))?.status !== "uploading") throw await notOpen();
  const keys = await batchFileSizes(batchId);
  const backend = await getBackend();
  for (const m of multipart) {
    if (!keys.has(m.key)) throw new AppError(400, "unknown_key", "That file is not part of this upload.");
    await backend.lake.abortMultipart(m.key, m.uploadId).catch((e: unknown) => console.warn(`[uploads] abort multipart ${m.key}:`, e));
  }
  if (!(await markBatchCancelled(batchId))) throw await notOpen();
  await backend.lake.sealUploads([...keys.keys()]);
}

/**
 * The local backend's upload endpoint: a signed, single-use token allows exactly `size` bytes of one
 * content type to one key, while the key's batch is open. Bytes go to a temporary file first, so a
 * cancelled or oversized upload leaves nothing behind; the raw file is then created, never replaced.
 */
export async function acceptLocalUpload(
  token: string,
  body: ReadableStream<Uint8Array> | Readable | Uint8Array | null,
  contentLength?: number,
  contentType?: string | null,
): Promise<{ key: string; size: number }> {
  let grant;
  try {
    grant = verifyUploadToken(token, appSecret());
  } catch (e) {
    if (e instanceof UploadTokenError) throw new AppError(403, "bad_upload_token", e.message);
    throw e;
  }
  // An upload URL dies with its batch: completed or cancelled, it writes nothing (checked again once the body is in).
  const stillOpen = async () => {
    const status = await batchStatusForKey(grant.key);
    if (status !== "uploading") {
      throw new AppError(410, "upload_closed", status ? `this upload is ${status}; its upload URLs no longer work` : "this upload URL belongs to no open upload");
    }
  };
  await stillOpen();
  if (contentType !== undefined && mediaType(contentType) !== mediaType(grant.contentType)) {
    throw new AppError(415, "wrong_content_type", `this upload URL takes ${grant.contentType}`);
  }
  if (contentLength !== undefined && contentLength !== grant.size) {
    throw new AppError(413, "size_mismatch", `this upload URL takes exactly ${grant.size} bytes, not ${contentLength}`);
  }
  const { uploadReceiver } = await getBackend();
  if (!uploadReceiver) throw new AppError(400, "not_local", "uploads go straight to object storage on this backend");
  // Before the URL is spent: once space is freed, the same URL still works.
  await uploadReceiver.ensureRoom(grant.size);
  if (!(await consumeUploadToken(grant.nonce, grant.key, grant.size, new Date(grant.exp * 1000)))) {
    throw new AppError(409, "upload_token_used", "this upload URL has already been used");
  }
  // A file read in this process (the CLI) comes as a Node stream: no detour through a web stream.
  const source = body instanceof Uint8Array ? Readable.from([body]) : body instanceof Readable ? body : body ? Readable.fromWeb(body as never) : Readable.from([]);
  const size = await uploadReceiver.receiveUpload(grant.key, source, grant.size, grant.nonce, stillOpen);
  return { key: grant.key, size };
}

const mediaType = (v: string | null): string => (v ?? "").split(";")[0]!.trim().toLowerCase();
