import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { auditEvent } from "@/lib/auth/audit";
import { getBackend } from "@/lib/backend";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/handler";
import { assertBatchAccess, batchFileKeys, getBatchFor } from "../batch-views";

/** GET: one batch with its runs and per-table results; the upload page polls it while the run goes. */
export const GET = handler({ roles: AREA_ROLES.upload }, async ({ user, params }) => getBatchFor(user!, params.batchId!));

const cancelBody = z
  .object({ multipart: z.array(z.object({ key: z.string().min(1), uploadId: z.string().min(1) })).max(7).default([]) })
  .default({ multipart: [] });

/** DELETE: the user cancelled while sending; abort open multipart uploads and mark the batch cancelled. */
export const DELETE = handler({ roles: AREA_ROLES.upload, body: cancelBody }, async ({ user, params, body, ip }) => {
  const batchId = params.batchId!;
  const batch = await assertBatchAccess(user!, batchId);
  if (batch.status !== "uploading") throw new AppError(409, "batch_not_open", "This upload is already complete and cannot be cancelled.");
  const keys = await batchFileKeys(batchId);
  const backend = await getBackend();
  for (const m of body.multipart) {
    if (!keys.has(m.key)) throw new AppError(400, "unknown_key", "That file is not part of this upload.");
    await backend.lake.abortMultipart(m.key, m.uploadId).catch((e: unknown) => console.warn(`[uploads] abort multipart ${m.key}:`, e));
  }
  const db = await getDb();
  // Only an open batch flips: a concurrent completion wins.
  await db.uploadBatch.updateMany({ where: { id: batchId, status: "uploading" }, data: { status: "cancelled" } });
  await auditEvent({ action: "upload.cancel", actorId: user!.id, target: batchId, ip });
  return undefined;
});
