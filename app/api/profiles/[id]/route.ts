import { auditEvent } from "@/lib/auth/audit";
import { AREA_ROLES } from "@/lib/auth/roles";
import { deleteProfile, getProfile, updateProfile } from "@/lib/db/profiles";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/handler";
import { SAVED_PROFILE_LIMITS, updateProfileBody } from "@/lib/profiles/records";
import { toProfileView } from "../profile-views";

export const GET = handler({ roles: AREA_ROLES.profiles }, async ({ params }) => {
  const p = await getProfile(params.id!);
  if (!p) throw new AppError(404, "profile_not_found", "No such profile.");
  return { profile: toProfileView(p) };
});

/** PATCH { name?, profile?, fingerprints? }: edits a profile; fingerprints add to the known ones. Audited. */
export const PATCH = handler(
  { roles: AREA_ROLES.profiles, body: updateProfileBody, bodyLimit: SAVED_PROFILE_LIMITS.requestBytes },
  async ({ params, body, user, ip }) => {
    const saved = await updateProfile(params.id!, body);
    await auditEvent({
      action: "profile.update",
      actorId: user.id,
      target: saved.id,
      ip,
      details: { name: saved.name, changed: Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined) },
    });
    return { profile: toProfileView(saved) };
  },
);

/** DELETE: batches read with it keep their own copy. Audited. */
export const DELETE = handler({ roles: AREA_ROLES.profiles }, async ({ params, user, ip }) => {
  const gone = await deleteProfile(params.id!);
  await auditEvent({ action: "profile.delete", actorId: user.id, target: gone.id, ip, details: { name: gone.name } });
  return undefined;
});
