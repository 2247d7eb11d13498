import { z } from "zod";
import { dataMonthSchema } from "../contracts/month-schemas";

/**
 * Shared pieces for validating route input. Every route parameter and query value passes through the
 * handler's hygiene check (no control characters, bounded length) before its own schema.
 */

/** Longest query or path value any route takes (upload tokens are the longest); schemas narrow it. */
export const MAX_PARAM_LENGTH = 4096;

 
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Why a raw query/path value is refused before any schema sees it, or null when it is fine. */
export function paramProblem(value: string): string | null {
  if (value.length > MAX_PARAM_LENGTH) return `longer than ${MAX_PARAM_LENGTH} characters`;
  if (CONTROL.test(value)) return "contains control characters";
  return null;
}

/** Run and user ids are UUIDs (Prisma's uuid()). */
export const uuidParam = z.uuid("must be an id");

/** Batch ids: `20251103T140500Z-3f9a1c2b` from newBatchId; key-safe characters only. */
export const batchIdParam = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, "must be a batch id");

/** A positive 64-bit row id used as a paging cursor (audit `before`). */
export const cursorParam = z
  .string()
  .regex(/^[1-9]\d{0,18}$/, "must be a row id")
  // zod runs refinements after a failed regex too: test the shape again before BigInt().
  .refine((s) => /^\d{1,19}$/.test(s) && BigInt(s) <= 9223372036854775807n, "must be a row id");

/**
 * A log's paging cursor, passed back as it came (`next`): opaque, since each backend has its own (a row
 * id or "0" for "from the start" locally, an encoded CloudWatch position or "pending" on AWS). Bounded
 * here; the backend that issued it refuses one it cannot read.
 */
export const logCursorParam = z.string().regex(/^[A-Za-z0-9_-]{1,4096}$/, "must be the next of a previous page");

/** A data month: YYYY-MM between 1970-01 and 2999-12. */
export const monthParam = dataMonthSchema;

/**
 * Text a person typed that ends up in the database and the audit log: no control characters, and no
 * bidirectional overrides, isolates or marks (U+202A–U+202E, U+2066–U+2069, U+200E–U+200F), which make
 * a name or a file name read as another ("report\u202Evsc.exe"), and no invisible characters.
 */
export const plainText = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[^\u0000-\u001f\u007f]*$/, "may not contain control characters")
    .regex(/^[^\u202a-\u202e\u2066-\u2069\u200e\u200f]*$/, "may not contain characters that reverse the text's direction")
    // Invisible characters make a name look like another ("Eve" and "Eve\u200b"). The joiners U+200C
    // and U+200D stay: Persian names and emoji sequences need them.
    .regex(/^[^\u00ad\u200b\u2060-\u2064\ufeff]*$/, "may not contain invisible characters");

/** A state machine step name (`Job1RawToProcessed`); not an enum, so steps renamed later still read. */
export const stepParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "must be a step name");
