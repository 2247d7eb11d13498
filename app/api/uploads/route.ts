import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { auditEvent } from "@/lib/auth/audit";
import { TABLE_NAMES, sourceProfileSchema } from "@/lib/contracts";
import { handler } from "@/lib/http/handler";
import { monthParam, plainText } from "@/lib/http/input";
import { MAX_FILE_BYTES, startBatch, UPLOAD_CONTENT_TYPES } from "@/lib/services/batches";
import { listBatchesFor } from "@/lib/portal/batch-views";

/** GET: the caller's recent uploads with their runs ("My uploads"). */
export const GET = handler({ roles: AREA_ROLES.upload }, async ({ user }) => ({ batches: await listBatchesFor(user) }));

const startBody = z.object({
  month: monthParam,
  files: z
    .array(
      z.object({
        fileName: plainText(255).trim().min(1),
        size: z.number().int().min(1, "An empty file cannot be uploaded").max(MAX_FILE_BYTES, "A file may be at most 5 GiB"),
        table: z.enum(TABLE_NAMES),
        /** A second table the same file feeds (an order-lines export: orders and order_items). */
        alsoTable: z.enum(TABLE_NAMES).nullish(),
        // Signed into the upload URL; only these are accepted, so nothing a client typed is echoed.
        contentType: z.enum(UPLOAD_CONTENT_TYPES, `contentType must be one of ${UPLOAD_CONTENT_TYPES.join(", ")}`).optional(),
      }),
    )
    .min(1, "Choose at least one file")
    .max(TABLE_NAMES.length, `At most ${TABLE_NAMES.length} files, one per table`)
    .refine((files) => {
      const tables = files.flatMap((f) => (f.alsoTable ? [f.table, f.alsoTable] : [f.table]));
      return new Set(tables).size === tables.length;
    }, "Each table can appear only once in a batch"),
  /** The saved profile the files are read with (none: the contract format). */
  profileId: z.string().min(1).max(100).optional(),
  /** Or a profile given inline (not saved). */
  profile: sourceProfileSchema.optional(),
});

/** POST: opens a batch and returns where the browser sends each file. */
export const POST = handler({ roles: AREA_ROLES.upload, body: startBody, bodyLimit: 256 * 1024 }, async ({ user, body, ip }) => {
  const started = await startBatch({
    month: body.month,
    files: body.files.map((f) => ({ fileName: f.fileName, size: f.size, table: f.table, alsoTable: f.alsoTable ?? null, contentType: f.contentType ?? "text/csv" })),
    profileId: body.profileId,
    profile: body.profile,
    userId: user.id,
    source: "portal",
  });
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
