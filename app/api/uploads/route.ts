import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { auditEvent } from "@/lib/auth/audit";
import { TABLE_NAMES, sourceProfileSchema } from "@/lib/contracts";
import { handler } from "@/lib/http/handler";
import { MONTH_PATTERN } from "@/lib/lake/keys";
import { startBatch } from "@/lib/pipeline/batches";
import { listBatchesFor } from "./batch-views";

/** GET: the caller's recent uploads with their runs ("My uploads"). */
export const GET = handler({ roles: AREA_ROLES.upload }, async ({ user }) => ({ batches: await listBatchesFor(user!) }));

const startBody = z.object({
  month: z.string().regex(MONTH_PATTERN, "Month must be YYYY-MM"),
  files: z
    .array(
      z.object({
        fileName: z.string().trim().min(1).max(255),
        size: z.number().int().min(1, "An empty file cannot be uploaded"),
        table: z.enum(TABLE_NAMES),
        /** A second table the same file feeds (an order-lines export: orders and order_items). */
        alsoTable: z.enum(TABLE_NAMES).nullish(),
        contentType: z.string().max(100).optional(),
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
export const POST = handler({ roles: AREA_ROLES.upload, body: startBody, maxBodyBytes: 256 * 1024 }, async ({ user, body, ip }) => {
  const started = await startBatch({
    month: body.month,
    files: body.files.map((f) => ({ fileName: f.fileName, size: f.size, table: f.table, alsoTable: f.alsoTable ?? null, contentType: f.contentType ?? "text/csv" })),
    profileId: body.profileId,
    profile: body.profile,
    userId: user!.id,
    source: "portal",
  });
  await auditEvent({
    action: "upload.start",
    actorId: user!.id,
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
