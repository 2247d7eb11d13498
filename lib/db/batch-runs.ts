import "server-only";
import { getDb } from "./client";
import type { Prisma } from "./generated/client";
import type { BatchStatus } from "./generated/enums";
import { toView as toQuality, type QualityView } from "./quality";
import type { RunStatus, StepStatus } from "./runs";
import type { GateDecision } from "../contracts/gate";

/**
 * Reads of a batch together with its runs, for the upload page and the run pages: who uploaded it,
 * its files, and each run with its steps and per-table quality.
 */
export interface Uploader {
  name: string | null;
  email: string;
}

export interface BatchRunRow {
  id: string;
  status: RunStatus;
  startedAt: Date;
  endedAt: Date | null;
  durationMs: number | null;
  error: string | null;
  gate: GateDecision | null;
  /** In position order. */
  steps: { name: string; status: StepStatus; position: number }[];
  quality: QualityView[];
}

export interface BatchWithRuns {
  id: string;
  month: string;
  status: BatchStatus;
  createdById: string | null;
  createdAt: Date;
  createdBy: Uploader | null;
  /** By table. */
  files: { table: string; alsoTable: string | null; fileName: string; size: number }[];
  /** Newest first. */
  runs: BatchRunRow[];
}

const batchInclude = {
  createdBy: { select: { name: true, email: true } },
  files: { select: { table: true, alsoTable: true, fileName: true, size: true }, orderBy: { table: "asc" } },
  runs: {
    orderBy: { startedAt: "desc" },
    include: {
      steps: { select: { name: true, status: true, position: true }, orderBy: { position: "asc" } },
      quality: true,
    },
  },
} satisfies Prisma.UploadBatchInclude;

type BatchRow = Prisma.UploadBatchGetPayload<{ include: typeof batchInclude }>;

const toBatchWithRuns = (b: BatchRow): BatchWithRuns => ({
  id: b.id,
  month: b.month,
  status: b.status,
  createdById: b.createdById,
  createdAt: b.createdAt,
  createdBy: b.createdBy,
  files: b.files.map((f) => ({ table: f.table, alsoTable: f.alsoTable, fileName: f.fileName, size: Number(f.size) })),
  runs: b.runs.map((r) => ({
    id: r.id,
    status: r.status,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    durationMs: r.durationMs,
    error: r.error,
    gate: (r.gate as GateDecision | null) ?? null,
    steps: r.steps,
    quality: r.quality.map(toQuality),
  })),
});

/** A user's own batches, newest first. */
export async function listUserBatchesWithRuns(userId: string, limit: number): Promise<BatchWithRuns[]> {
  const db = await getDb();
  const rows = await db.uploadBatch.findMany({ where: { createdById: userId }, orderBy: { createdAt: "desc" }, take: limit, include: batchInclude });
  return rows.map(toBatchWithRuns);
}

export async function getBatchWithRuns(batchId: string): Promise<BatchWithRuns | null> {
  const db = await getDb();
  const row = await db.uploadBatch.findUnique({ where: { id: batchId }, include: batchInclude });
  return row ? toBatchWithRuns(row) : null;
}

/** Who owns a batch and where it stands (the access check before acting on it). */
export async function batchOwnerAndStatus(batchId: string): Promise<{ createdById: string | null; month: string; status: BatchStatus } | null> {
  const db = await getDb();
  return db.uploadBatch.findUnique({ where: { id: batchId }, select: { createdById: true, month: true, status: true } });
}

/** The batch's files by lake key, with their sizes. */
export async function batchFileSizes(batchId: string): Promise<Map<string, { size: number }>> {
  const db = await getDb();
  const files = await db.uploadFile.findMany({ where: { batchId }, select: { key: true, size: true } });
  return new Map(files.map((f) => [f.key, { size: Number(f.size) }]));
}

/** The batch's files by table (a run's page lists them and sizes its cost). */
export async function batchFilesByTable(batchId: string): Promise<{ table: string; fileName: string; size: number }[]> {
  const db = await getDb();
  const files = await db.uploadFile.findMany({ where: { batchId }, select: { table: true, fileName: true, size: true }, orderBy: { table: "asc" } });
  return files.map((f) => ({ table: f.table, fileName: f.fileName, size: Number(f.size) }));
}

/** Who opened a batch (null: no such batch). */
export async function batchCreator(batchId: string): Promise<{ createdById: string | null; createdBy: Uploader | null } | null> {
  const db = await getDb();
  return db.uploadBatch.findUnique({ where: { id: batchId }, select: { createdById: true, createdBy: { select: { name: true, email: true } } } });
}

/** Who opened each batch and from where ("portal", "cli"), by batch id. */
export async function batchSources(batchIds: readonly string[]): Promise<Map<string, { source: string; createdBy: Uploader | null }>> {
  const db = await getDb();
  const rows = await db.uploadBatch.findMany({
    where: { id: { in: [...new Set(batchIds)] } },
    select: { id: true, source: true, createdBy: { select: { name: true, email: true } } },
  });
  return new Map(rows.map((b) => [b.id, { source: b.source, createdBy: b.createdBy }]));
}
