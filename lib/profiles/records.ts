import { z } from "zod";
import { PROFILE_LIMITS, TABLE_NAMES, sourceProfileSchema, type SourceProfile, type TableName } from "../contracts";

/** Limits of the saved profiles, checked before any work (the profile JSON itself: PROFILE_LIMITS). */
export const SAVED_PROFILE_LIMITS = {
  /** Profiles kept per deployment (one shop). */
  count: 100,
  /** Header fingerprints remembered per profile (one per export layout). */
  fingerprints: 50,
  /** A request body: the profile plus its name and fingerprints. */
  requestBytes: PROFILE_LIMITS.bytes + 16 * 1024,
} as const;

export const profileNameSchema = z.string().trim().min(1, "A profile needs a name").max(PROFILE_LIMITS.text);

export const fingerprintSchema = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/, "not a header fingerprint"),
  tables: z.array(z.enum(TABLE_NAMES)).min(1).max(2),
});
export type ProfileFingerprint = z.infer<typeof fingerprintSchema>;

export const fingerprintsSchema = z.array(fingerprintSchema).max(SAVED_PROFILE_LIMITS.fingerprints, `at most ${SAVED_PROFILE_LIMITS.fingerprints} fingerprints`);

/** POST /api/profiles (the name defaults to the profile's own). */
export const createProfileBody = z.object({
  name: profileNameSchema.optional(),
  profile: sourceProfileSchema,
  fingerprints: fingerprintsSchema.default([]),
});

/** PATCH /api/profiles/:id: what is given replaces; fingerprints are added to the known ones. */
export const updateProfileBody = z
  .object({
    name: profileNameSchema.optional(),
    profile: sourceProfileSchema.optional(),
    fingerprints: fingerprintsSchema.optional(),
  })
  .refine((b) => b.name !== undefined || b.profile !== undefined || b.fingerprints !== undefined, "Nothing to change");

/** POST /api/profiles/import: a profile file's text, parsed on the server so the error names the profile's own paths. */
export const importProfileBody = z.object({
  text: z.string().max(PROFILE_LIMITS.bytes, `a profile file is at most ${PROFILE_LIMITS.bytes / 1024} KB`),
  name: profileNameSchema.optional(),
});

/** A saved profile as the API returns it. */
export interface ProfileView {
  id: string;
  name: string;
  profile: SourceProfile;
  fingerprints: ProfileFingerprint[];
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  /** Tables it describes, in contract order. */
  tables: TableName[];
}

/** Known fingerprints plus new ones (a fingerprint seen again takes the newer tables), newest kept when over the limit. */
export function mergeFingerprints(known: readonly ProfileFingerprint[], added: readonly ProfileFingerprint[]): ProfileFingerprint[] {
  const byPrint = new Map(known.map((f) => [f.fingerprint, f]));
  for (const f of added) {
    byPrint.delete(f.fingerprint);
    byPrint.set(f.fingerprint, f);
  }
  return [...byPrint.values()].slice(-SAVED_PROFILE_LIMITS.fingerprints);
}
