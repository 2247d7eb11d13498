import { AREA_ROLES } from "@/lib/auth/roles";
import { auditEvent } from "@/lib/auth/audit";
import { handler } from "@/lib/http/handler";
import { listBatchesFor } from "@/lib/portal/batch-views";
import { startBatch, startBatchInput } from "@/lib/services/batches";

/** GET: the caller's recent uploads with their runs ("My uploads"). */
export const GET = handler({ roles: AREA_ROLES.upload }, async ({ user }) => ({ batches: await listBatchesFor(user) }));

/** POST: opens a batch and returns where the browser sends each file. */
export const POST = handler({ roles: AREA_ROLES.upload, body: startBatchInput, bodyLimit: 256 * 1024 }, async ({ user, body, ip }) => {
  const started = await startBatch({ ...body, userId: user.id, source: "portal" });
  await auditEvent({
    action: "upload.start",
    actorId: user.id,
    target: started.batchId,
    ip,
    details: {
      month: body.month,
      profileId: body.profileId ?? (body.profile ? "inline" : null),
      files: body.files.map((f) => ({ table: f.table, alsoTable: f.alsoTable ?? null, fileName: f.fileName, size: f.size })),
    },
  });
  return started;
});
