import { z } from "zod";
import { sourceProfileSchema } from "../contracts/profile";
import { DEFAULT_GATE } from "../contracts/gate";
import { TABLE_NAMES } from "../contracts/types";
import { MONTH_PATTERN } from "../contracts/months";

/** Thresholds of the quality gate (DATA_CONTRACT.md "Publishing a month"); the batch carries those in force. */
export const gateSettingsSchema = z.object({
  maxRejectShare: z.number().min(0).max(1),
  minVolumeShare: z.number().min(0).max(1),
});
export { DEFAULT_GATE, type GateSettings } from "../contracts/gate";

/**
 * The batch manifest: written last, it is the trigger of exactly one run. Version 2 carries the
 * source profile the files are read through and the gate thresholds; a version 1 manifest (written
 * before profiles existed) reads as the contract format with the default gate.
 */
export const batchManifestSchema = z.object({
  version: z.union([z.literal(1), z.literal(2)]),
  batchId: z.string().regex(/^[A-Za-z0-9_-]+$/),
  month: z.string().regex(MONTH_PATTERN),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  businessTimeZone: z.string(),
  /** One entry per table; an order-lines export is one file listed for `orders` and `order_items`. */
  files: z.array(
    z.object({
      table: z.enum(TABLE_NAMES),
      key: z.string(),
      fileName: z.string(),
      size: z.number().int().nonnegative(),
    }),
  ),
  profile: sourceProfileSchema.nullable().default(null),
  gate: gateSettingsSchema.default(DEFAULT_GATE),
});

export type BatchManifest = z.infer<typeof batchManifestSchema>;
export type ManifestFile = BatchManifest["files"][number];
