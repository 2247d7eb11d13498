import "server-only";
import { batchFileSizes, batchOwnerAndStatus, getBatchWithRuns, listUserBatchesWithRuns, type BatchRunRow, type BatchWithRuns } from "../db/batch-runs";
import { AppError } from "../errors";
import type { SessionUser } from "../auth/session";
import { STEP_NAMES } from "../backend/types";
import { qualityCounts } from "./quality-counts";
import type { BatchView, RunTableView, RunView } from "./upload-types";

/**
 * Read side of uploads for the upload page and its polling: a user's batches with their runs and
 * per-table results. Clients see only their own batches; admins see any (by id).
 */
export async function listBatchesFor(user: SessionUser, limit = 20): Promise<BatchView[]> {
  return (await listUserBatchesWithRuns(user.id, limit)).map(toBatchView);
}

/** One batch the user may see, else 404 (not 403: an id of someone else's batch tells nothing). */
export async function getBatchFor(user: SessionUser, batchId: string): Promise<BatchView> {
  const row = await getBatchWithRuns(batchId);
  if (!row || (user.role !== "admin" && row.createdById !== user.id)) {
    throw new AppError(404, "batch_not_found", "No such upload.");
  }
  return toBatchView(row);
}

/** Throws 404 unless the user may act on the batch. */
export async function assertBatchAccess(user: SessionUser, batchId: string): Promise<{ month: string; status: string }> {
  const row = await batchOwnerAndStatus(batchId);
  if (!row || (user.role !== "admin" && row.createdById !== user.id)) {
    throw new AppError(404, "batch_not_found", "No such upload.");
  }
  return { month: row.month, status: row.status };
}

/** The batch's file for a lake key (multipart completion must name a key of this batch). */
export const batchFileKeys = (batchId: string): Promise<Map<string, { size: number }>> => batchFileSizes(batchId);

function toBatchView(b: BatchWithRuns): BatchView {
  return {
    id: b.id,
    month: b.month,
    status: b.status,
    createdAt: b.createdAt.toISOString(),
    createdBy: b.createdBy ? (b.createdBy.name ?? b.createdBy.email) : null,
    files: b.files,
    runs: b.runs.map(toRunView),
  };
}

function toRunView(r: BatchRunRow): RunView {
  const order = new Map<string, number>(STEP_NAMES.map((n, i) => [n, i]));
  return {
    id: r.id,
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
    durationMs: r.durationMs ?? (r.endedAt ? r.endedAt.getTime() - r.startedAt.getTime() : null),
    error: r.error,
    // Why a held run was not published, in the gate's own words.
    held: r.status === "held" ? (r.gate?.failed ?? []).map((f) => f.message) : [],
    steps: [...r.steps]
      .sort((a, b) => (order.get(a.name) ?? a.position) - (order.get(b.name) ?? b.position))
      .map((s) => ({ name: s.name, status: s.status })),
    tables: r.quality
      .map(
        (q): RunTableView => ({ ...qualityCounts(q), topReasons: q.topReasons.slice(0, 5), error: q.error }),
      )
      .sort((a, b) => a.table.localeCompare(b.table)),
  };
}
