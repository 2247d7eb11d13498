import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { auditEvent } from "@/lib/auth/audit";
import { handler } from "@/lib/http/handler";
import { batchIdParam } from "@/lib/http/input";
import { assertBatchAccess, getBatchFor } from "@/lib/portal/batch-views";
import { cancelBatch, cancelBatchInput } from "@/lib/services/batches";

/** GET: one batch with its runs and per-table results; the upload page polls it while the run goes. */
const params = z.object({ batchId: batchIdParam });

export const GET = handler({ roles: AREA_ROLES.upload, params }, async ({ user, params: p }) => getBatchFor(user, p.batchId));

/**
 * DELETE: the user cancelled while sending; abort open multipart uploads, mark the batch cancelled and
 * seal its keys, so none of its upload URLs writes anything afterwards. Cancelling is final.
 */
export const DELETE = handler({ roles: AREA_ROLES.upload, params, body: cancelBatchInput }, async ({ user, params: p, body, ip }) => {
  await assertBatchAccess(user, p.batchId);
  await cancelBatch(p.batchId, body.multipart);
  await auditEvent({ action: "upload.cancel", actorId: user.id, target: p.batchId, ip });
  return undefined;
});
