import { z } from "zod";
import { TABLE_NAMES } from "../contracts/types";

/** The batch manifest: written last, it is the trigger of exactly one run. */
export const batchManifestSchema = z.object({
  version: z.literal(1),
  batchId: z.string().regex(/^[A-Za-z0-9_-]+$/),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  businessTimeZone: z.string(),
  files: z.array(
    z.object({
      table: z.enum(TABLE_NAMES),
      key: z.string(),
      fileName: z.string(),
      size: z.number().int().nonnegative(),
    }),
  ),
});

export type BatchManifest = z.infer<typeof batchManifestSchema>;
