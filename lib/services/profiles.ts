import "server-only";
import type { z } from "zod";
import { auditEvent } from "../auth/audit";
import type { SessionUser } from "../auth/session";
import { PROFILE_LIMITS, parseProfile } from "../contracts";
import { createProfile, deleteProfile, listProfiles, profileTables, updateProfile, type SavedProfile } from "../db/profiles";
import { AppError } from "../errors";
import type { createProfileBody, importProfileBody, updateProfileBody } from "../profiles/records";

/** Saving, editing, importing and deleting source profiles; each change is audited. The routes show the result through `lib/portal/profile-views`. */
interface Actor {
  user: SessionUser;
  ip: string | null;
}

/** Saves a profile (the mapping step, "start from a built-in"). */
export async function saveNewProfile(body: z.infer<typeof createProfileBody>, { user, ip }: Actor): Promise<SavedProfile> {
  const saved = await createProfile({ name: body.name ?? body.profile.name ?? "Source profile", profile: body.profile, fingerprints: body.fingerprints, createdById: user.id });
  await auditEvent({ action: "profile.create", actorId: user.id, target: saved.id, ip, details: { name: saved.name, tables: profileTables(saved.profile) } });
  return saved;
}

/** Edits a profile; fingerprints add to the known ones. */
export async function editProfile(id: string, body: z.infer<typeof updateProfileBody>, { user, ip }: Actor): Promise<SavedProfile> {
  const saved = await updateProfile(id, body);
  await auditEvent({
    action: "profile.update",
    actorId: user.id,
    target: saved.id,
    ip,
    details: { name: saved.name, changed: Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined) },
  });
  return saved;
}

/** Batches read with it keep their own copy. */
export async function removeProfile(id: string, { user, ip }: Actor): Promise<void> {
  const gone = await deleteProfile(id);
  await auditEvent({ action: "profile.delete", actorId: user.id, target: gone.id, ip, details: { name: gone.name } });
}

/** Imports a profile file; a name in use gets a number. */
export async function importProfile(body: z.infer<typeof importProfileBody>, { user, ip }: Actor): Promise<SavedProfile> {
  const parsed = parseProfile(body.text);
  if (!parsed.ok) throw new AppError(400, "invalid_profile", `This is not a source profile: ${parsed.error}`);
  const wanted = (body.name ?? parsed.profile.name ?? "Imported profile").trim().slice(0, PROFILE_LIMITS.text - 6);
  const taken = new Set((await listProfiles()).map((p) => p.name));
  let name = wanted;
  for (let n = 2; taken.has(name) && n < 1000; n++) name = `${wanted} (${n})`;
  const saved = await createProfile({ name, profile: parsed.profile, createdById: user.id });
  await auditEvent({ action: "profile.import", actorId: user.id, target: saved.id, ip, details: { name: saved.name, bytes: body.text.length } });
  return saved;
}
