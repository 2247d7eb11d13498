import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { auditEvent } from "@/lib/auth/audit";
import { getBackend } from "@/lib/wiring";
import { markBatchCancelled } from "@/lib/db/batches";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/handler";
import { batchIdParam } from "@/lib/http/input";
import { assertBatchAccess, batchFileKeys, getBatchFor } from "@/lib/portal/batch-views";

/** GET: one batch with its runs and per-table results; the upload page polls it while the run goes. */
const params = z.object({ batchId: batchIdParam });

export const GET = handler({ roles: AREA_ROLES.upload, params }, async ({ user, params: p }) => getBatchFor(user, p.batchId));

const cancelBody = z
  .object({ multipart: z.array(z.object({ key: z.string().min(1).max(1024), uploadId: z.string().min(1).max(1024) })).max(7).default([]) })
  .default({ multipart: [] });

/**
 * DELETE: the user cancelled while sending; abort open multipart uploads, mark the batch cancelled and
 * seal its keys, so none of its upload URLs writes anything afterwards. Cancelling is final.
 */
export const DELETE = handler({ roles: AREA_ROLES.upload, params, body: cancelBody }, async ({ user, params: p, body, ip }) => {
  const batchId = p.batchId;
  const batch = await assertBatchAccess(user, batchId);
  if (batch.status !== "uploading") throw new AppError(409, "batch_not_open", "This upload is already complete and cannot be cancelled.");
  const keys = await batchFileKeys(batchId);
  const backend = await getBackend();
  for (const m of body.multipart) {
    if (!keys.has(m.key)) throw new AppError(400, "unknown_key", "That file is not part of this upload.");
    await backend.lake.abortMultipart(m.key, m.uploadId).catch((e: unknown) => console.warn(`[uploads] abort multipart ${m.key}:`, e));
  }
  if (!(await markBatchCancelled(batchId))) throw new AppError(409, "batch_not_open", "This upload is already complete and cannot be cancelled.");
  await backend.lake.sealUploads([...keys.keys()]);
  await auditEvent({ action: "upload.cancel", actorId: user.id, target: batchId, ip });
  return undefined;
});
