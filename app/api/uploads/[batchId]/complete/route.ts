import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { auditEvent } from "@/lib/auth/audit";
import { getBackend } from "@/lib/wiring";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/handler";
import { batchIdParam } from "@/lib/http/input";
import { completeBatch, completeBatchInput } from "@/lib/services/batches";
import { assertBatchAccess, batchFileKeys } from "@/lib/portal/batch-views";

/** POST: every file is in storage; assemble multipart files, then complete the batch (starts the run). */
export const POST = handler({ roles: AREA_ROLES.upload, params: z.object({ batchId: batchIdParam }), body: completeBatchInput }, async ({ user, params, body, ip }) => {
  const batchId = params.batchId;
  const batch = await assertBatchAccess(user, batchId);
  if (batch.status === "cancelled") throw new AppError(409, "batch_cancelled", "This upload was cancelled; start a new one.");
  if (body.multipart.length > 0) {
    const keys = await batchFileKeys(batchId);
    const backend = await getBackend();
    for (const m of body.multipart) {
      if (!keys.has(m.key)) throw new AppError(400, "unknown_key", "That file is not part of this upload.");
      await backend.lake.completeMultipart(m.key, m.uploadId, m.parts);
    }
  }
  const { runId } = await completeBatch(batchId, { userId: user.id, isAdmin: user.role === "admin" });
  await auditEvent({ action: "upload.complete", actorId: user.id, target: batchId, ip, details: { runId } });
  return { runId };
});
