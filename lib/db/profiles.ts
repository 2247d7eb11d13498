import "server-only";
import { TABLE_NAMES, sourceProfileSchema, type SourceProfile } from "../contracts";
import { AppError } from "../errors";
import { fingerprintsSchema, mergeFingerprints, SAVED_PROFILE_LIMITS, type ProfileFingerprint } from "../profiles/records";
import { getDb } from "./client";
import type { SourceProfile as ProfileRow } from "./generated/client";
import { isNotFound, isUniqueViolation } from "./prisma-errors";

export interface SavedProfile {
  id: string;
  name: string;
  profile: SourceProfile;
  fingerprints: ProfileFingerprint[];
  createdById: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

type RowWithCreator = ProfileRow & { createdBy: { email: string; name: string | null } | null };

/** Stored JSON is read back through the same schemas that let it in. */
function toSaved(r: RowWithCreator): SavedProfile {
  const profile = sourceProfileSchema.safeParse(r.profile);
  if (!profile.success) throw new AppError(500, "bad_stored_profile", `stored profile ${r.id} no longer reads as a profile: ${profile.error.issues[0]?.message}`);
  const prints = fingerprintsSchema.safeParse(r.fingerprints);
  return {
    id: r.id,
    name: r.name,
    profile: profile.data,
    fingerprints: prints.success ? prints.data : [],
    createdById: r.createdById,
    createdBy: r.createdBy ? (r.createdBy.name ?? r.createdBy.email) : null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

const withCreator = { createdBy: { select: { email: true, name: true } } } as const;
const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as object;

export const profileTables = (p: SourceProfile) => TABLE_NAMES.filter((t) => p.tables?.[t] !== undefined);

export async function listProfiles(): Promise<SavedProfile[]> {
  const db = await getDb();
  const rows = await db.sourceProfile.findMany({ orderBy: [{ updatedAt: "desc" }, { id: "asc" }], take: SAVED_PROFILE_LIMITS.count, include: withCreator });
  return rows.map(toSaved);
}

export async function getProfile(id: string): Promise<SavedProfile | null> {
  const db = await getDb();
  const row = await db.sourceProfile.findUnique({ where: { id }, include: withCreator });
  return row ? toSaved(row) : null;
}

/** Throws 409 `profile_name_taken` for a name in use, 409 `too_many_profiles` over the limit. */
export async function createProfile(input: { name: string; profile: SourceProfile; fingerprints?: ProfileFingerprint[]; createdById: string | null }): Promise<SavedProfile> {
  const db = await getDb();
  if ((await db.sourceProfile.count()) >= SAVED_PROFILE_LIMITS.count) {
    throw new AppError(409, "too_many_profiles", `at most ${SAVED_PROFILE_LIMITS.count} profiles are kept; delete one first`);
  }
  try {
    const row = await db.sourceProfile.create({
      data: { name: input.name, profile: json(input.profile), fingerprints: json(mergeFingerprints([], input.fingerprints ?? [])), createdById: input.createdById },
      include: withCreator,
    });
    return toSaved(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError(409, "profile_name_taken", `a profile named “${input.name}” already exists`);
    throw e;
  }
}

/** Replaces the name and/or profile; adds fingerprints to the known ones. 404 / 409 as create. */
export async function updateProfile(id: string, patch: { name?: string; profile?: SourceProfile; fingerprints?: ProfileFingerprint[] }): Promise<SavedProfile> {
  const db = await getDb();
  const current = await getProfile(id);
  if (!current) throw new AppError(404, "profile_not_found", "No such profile.");
  try {
    const row = await db.sourceProfile.update({
      where: { id },
      data: {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.profile !== undefined ? { profile: json(patch.profile) } : {}),
        ...(patch.fingerprints !== undefined ? { fingerprints: json(mergeFingerprints(current.fingerprints, patch.fingerprints)) } : {}),
      },
      include: withCreator,
    });
    return toSaved(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError(409, "profile_name_taken", `a profile named “${patch.name}” already exists`);
    if (isNotFound(e)) throw new AppError(404, "profile_not_found", "No such profile.");
    throw e;
  }
}

/** Batches read with it keep their snapshot; only the link is cleared. */
export async function deleteProfile(id: string): Promise<SavedProfile> {
  const db = await getDb();
  const current = await getProfile(id);
  if (!current) throw new AppError(404, "profile_not_found", "No such profile.");
  try {
    await db.sourceProfile.delete({ where: { id } });
  } catch (e) {
    if (isNotFound(e)) throw new AppError(404, "profile_not_found", "No such profile.");
    throw e;
  }
  return current;
}
