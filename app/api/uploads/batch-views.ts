import "server-only";
import { getDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { GateDecision } from "@/lib/contracts/gate";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/auth/session";
import { STEP_NAMES } from "@/lib/backend/types";
import type { BatchView, RunTableView, RunView } from "@/components/upload/api-types";

/**
 * Read side of uploads for the upload page and its polling: a user's batches with their runs and
 * per-table results. Clients see only their own batches; admins see any (by id).
 */
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

export async function listBatchesFor(user: SessionUser, limit = 20): Promise<BatchView[]> {
  const db = await getDb();
  const rows = await db.uploadBatch.findMany({
    where: { createdById: user.id },
    orderBy: { createdAt: "desc" },
    take: limit,
    include: batchInclude,
  });
  return rows.map(toBatchView);
}

/** One batch the user may see, else 404 (not 403: an id of someone else's batch tells nothing). */
export async function getBatchFor(user: SessionUser, batchId: string): Promise<BatchView> {
  const db = await getDb();
  const row = await db.uploadBatch.findUnique({ where: { id: batchId }, include: batchInclude });
  if (!row || (user.role !== "admin" && row.createdById !== user.id)) {
    throw new AppError(404, "batch_not_found", "No such upload.");
  }
  return toBatchView(row);
}

/** Throws 404 unless the user may act on the batch. */
export async function assertBatchAccess(user: SessionUser, batchId: string): Promise<{ month: string; status: string }> {
  const db = await getDb();
  const row = await db.uploadBatch.findUnique({ where: { id: batchId }, select: { createdById: true, month: true, status: true } });
  if (!row || (user.role !== "admin" && row.createdById !== user.id)) {
    throw new AppError(404, "batch_not_found", "No such upload.");
  }
  return { month: row.month, status: row.status };
}

/** The batch's file for a lake key (multipart completion must name a key of this batch). */
export async function batchFileKeys(batchId: string): Promise<Map<string, { size: number }>> {
  const db = await getDb();
  const files = await db.uploadFile.findMany({ where: { batchId }, select: { key: true, size: true } });
  return new Map(files.map((f) => [f.key, { size: Number(f.size) }]));
}

function toBatchView(b: BatchRow): BatchView {
  return {
    id: b.id,
    month: b.month,
    status: b.status as BatchView["status"],
    createdAt: b.createdAt.toISOString(),
    createdBy: b.createdBy ? (b.createdBy.name ?? b.createdBy.email) : null,
    files: b.files.map((f) => ({ table: f.table, alsoTable: f.alsoTable, fileName: f.fileName, size: Number(f.size) })),
    runs: b.runs.map(toRunView),
  };
}

function toRunView(r: BatchRow["runs"][number]): RunView {
  const order = new Map<string, number>(STEP_NAMES.map((n, i) => [n, i]));
  return {
    id: r.id,
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
    durationMs: r.durationMs ?? (r.endedAt ? r.endedAt.getTime() - r.startedAt.getTime() : null),
    error: r.error,
    // Why a held run was not published, in the gate's own words.
    held: r.status === "held" ? ((r.gate as GateDecision | null)?.failed ?? []).map((f) => f.message) : [],
    steps: [...r.steps]
      .sort((a, b) => (order.get(a.name) ?? a.position) - (order.get(b.name) ?? b.position))
      .map((s) => ({ name: s.name, status: s.status })),
    tables: r.quality
      .map(
        (q): RunTableView => ({
          table: q.table,
          status: q.status,
          rowsIn: q.rowsIn,
          rowsOut: q.rowsOut,
          rejected: q.rejected,
          duplicates: q.duplicates,
          topReasons: Array.isArray(q.topReasons) ? (q.topReasons as { reason: string; count: number }[]).slice(0, 5) : [],
          error: q.error,
        }),
      )
      .sort((a, b) => a.table.localeCompare(b.table)),
  };
}
