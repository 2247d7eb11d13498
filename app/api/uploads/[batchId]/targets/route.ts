import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { getBackend } from "@/lib/wiring";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/handler";
import { batchIdParam } from "@/lib/http/input";
import { assertBatchAccess, batchFileKeys } from "@/lib/portal/batch-views";
import { batchTargetsInput } from "@/lib/services/batches";

/**
 * POST: fresh upload targets for files of an open batch. Local upload URLs are single-use, so a PUT
 * that broke half-way is retried with a new one; an expired presigned URL is replaced the same way.
 */
export const POST = handler({ roles: AREA_ROLES.upload, params: z.object({ batchId: batchIdParam }), body: batchTargetsInput }, async ({ user, params, body }) => {
  const batchId = params.batchId;
  const batch = await assertBatchAccess(user, batchId);
  if (batch.status !== "uploading") throw new AppError(409, "batch_not_open", batch.status === "cancelled" ? "This upload was cancelled." : "This upload is already complete.");
  const files = await batchFileKeys(batchId);
  const backend = await getBackend();
  const targets = [];
  for (const key of body.keys) {
    const f = files.get(key);
    if (!f) throw new AppError(400, "unknown_key", "That file is not part of this upload.");
    targets.push(await backend.lake.createUploadTarget(key, f.size, "text/csv"));
  }
  return { targets };
});
