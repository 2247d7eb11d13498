import "server-only";
import { getDb } from "./client";
import type { BatchStatus } from "./generated/enums";
import type { RunStatus } from "./runs";
import type { UploadBatch, UploadFile } from "./generated/client";

export type { BatchStatus };

export interface BatchView {
  id: string;
  month: string;
  status: BatchStatus;
  createdById: string | null;
  createdAt: Date;
  completedAt: Date | null;
  manifestKey: string | null;
  source: string;
  profileId: string | null;
  /** The profile snapshot the batch is read with (null: the contract format). */
  profile: unknown;
}

export interface BatchFileView {
  id: string;
  batchId: string;
  table: string;
  fileName: string;
  key: string;
  /** Bytes (a bigint column; files stay far below 2^53). */
  size: number;
  /** A second table the same file feeds. */
  alsoTable: string | null;
  verified: boolean;
  createdAt: Date;
}

export interface BatchWithFiles extends BatchView {
  files: BatchFileView[];
}

export interface BatchListItem extends BatchWithFiles {
  /** Runs of the batch, newest first. */
  runs: { id: string; status: RunStatus; startedAt: Date; endedAt: Date | null }[];
}

const toBatch = (b: UploadBatch): BatchView => ({
  id: b.id,
  month: b.month,
  status: b.status,
  createdById: b.createdById,
  createdAt: b.createdAt,
  completedAt: b.completedAt,
  manifestKey: b.manifestKey,
  source: b.source,
  profileId: b.profileId,
  profile: b.profile ?? null,
});

const toFile = (f: UploadFile): BatchFileView => ({
  id: f.id,
  batchId: f.batchId,
  table: f.table,
  fileName: f.fileName,
  key: f.key,
  size: Number(f.size),
  alsoTable: f.alsoTable,
  verified: f.verified,
  createdAt: f.createdAt,
});

export async function createBatch(input: {
  id: string;
  month: string;
  createdById?: string | null;
  source?: string;
  profileId?: string | null;
  profile?: object | null;
}): Promise<BatchView> {
  const db = await getDb();
  return toBatch(
    await db.uploadBatch.create({
      data: {
        id: input.id,
        month: input.month,
        createdById: input.createdById ?? null,
        source: input.source ?? "portal",
        profileId: input.profileId ?? null,
        ...(input.profile ? { profile: input.profile } : {}),
      },
    }),
  );
}

/** One file per table in a batch: announcing a table again replaces its file. */
export async function addBatchFile(input: {
  batchId: string;
  table: string;
  fileName: string;
  key: string;
  size: number;
  alsoTable?: string | null;
}): Promise<BatchFileView> {
  const db = await getDb();
  const data = { fileName: input.fileName, key: input.key, size: BigInt(input.size), alsoTable: input.alsoTable ?? null, verified: false };
  return toFile(
    await db.uploadFile.upsert({
      where: { batchId_table: { batchId: input.batchId, table: input.table } },
      create: { batchId: input.batchId, table: input.table, ...data },
      update: data,
    }),
  );
}

export async function markFilesVerified(fileIds: readonly string[]): Promise<void> {
  const db = await getDb();
  await db.uploadFile.updateMany({ where: { id: { in: [...fileIds] } }, data: { verified: true } });
}

export async function markBatchCompleted(batchId: string, manifestKey: string): Promise<BatchView> {
  const db = await getDb();
  return toBatch(
    await db.uploadBatch.update({
      where: { id: batchId },
      data: { status: "completed", completedAt: new Date(), manifestKey },
    }),
  );
}

/**
 * What the batches still open and opened since `since` (their upload URLs may still be used) have
 * announced: their bytes, and how many of them a user has open. Files already received are counted too
 * (on the disk and announced): the estimate errs toward keeping the disk's reserve.
 */
export async function openUploads(since: Date, userId: string | null): Promise<{ bytes: number; mine: number }> {
  const db = await getDb();
  const open = { status: "uploading" as const, createdAt: { gte: since } };
  const [sum, mine] = await Promise.all([
    db.uploadFile.aggregate({ _sum: { size: true }, where: { batch: open } }),
    userId ? db.uploadBatch.count({ where: { ...open, createdById: userId } }) : Promise.resolve(0),
  ]);
  return { bytes: Number(sum._sum.size ?? 0n), mine };
}

/** Cancels a batch that is still open; false when it no longer is (a concurrent completion wins). */
export async function markBatchCancelled(batchId: string): Promise<boolean> {
  const db = await getDb();
  const flipped = await db.uploadBatch.updateMany({ where: { id: batchId, status: "uploading" }, data: { status: "cancelled" } });
  return flipped.count > 0;
}

export async function getBatch(id: string): Promise<BatchWithFiles | null> {
  const db = await getDb();
  const b = await db.uploadBatch.findUnique({ where: { id }, include: { files: { orderBy: { table: "asc" } } } });
  return b ? { ...toBatch(b), files: b.files.map(toFile) } : null;
}

/** Newest first; `userId` limits to the batches that user opened (a client sees only theirs). */
export async function listBatches(filter: { userId?: string; month?: string; limit?: number } = {}): Promise<BatchListItem[]> {
  const db = await getDb();
  const rows = await db.uploadBatch.findMany({
    where: { createdById: filter.userId, month: filter.month },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(filter.limit ?? 50, 1), 500),
    include: {
      files: { orderBy: { table: "asc" } },
      runs: { orderBy: { startedAt: "desc" }, select: { id: true, status: true, startedAt: true, endedAt: true } },
    },
  });
  return rows.map((b) => ({ ...toBatch(b), files: b.files.map(toFile), runs: b.runs }));
}

/**
 * The status of the batch a raw key belongs to, or null when no batch has a file at that key. Upload
 * URLs check it: they work only while their batch is open.
 */
export async function batchStatusForKey(key: string): Promise<BatchStatus | null> {
  const batchId = /\/batch=([^/]+)\//.exec(key)?.[1];
  if (!batchId) return null;
  const db = await getDb();
  const file = await db.uploadFile.findFirst({ where: { batchId, key }, select: { batch: { select: { status: true } } } });
  return file?.batch.status ?? null;
}
