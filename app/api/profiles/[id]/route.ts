import { AREA_ROLES } from "@/lib/auth/roles";
import { handler } from "@/lib/http/handler";
import { profileView, toProfileView } from "@/lib/portal/profile-views";
import { SAVED_PROFILE_LIMITS, updateProfileBody } from "@/lib/profiles/records";
import { editProfile, removeProfile } from "@/lib/services/profiles";

export const GET = handler({ roles: AREA_ROLES.profiles }, async ({ params }) => ({ profile: await profileView(params.id!) }));

/** PATCH { name?, profile?, fingerprints? }: edits a profile; fingerprints add to the known ones. Audited. */
export const PATCH = handler(
  { roles: AREA_ROLES.profiles, body: updateProfileBody, bodyLimit: SAVED_PROFILE_LIMITS.requestBytes },
  async ({ params, body, user, ip }) => ({ profile: toProfileView(await editProfile(params.id!, body, { user, ip })) }),
);

/** DELETE: batches read with it keep their own copy. Audited. */
export const DELETE = handler({ roles: AREA_ROLES.profiles }, async ({ params, user, ip }) => {
  await removeProfile(params.id!, { user, ip });
  return undefined;
});
