import { AREA_ROLES } from "@/lib/auth/roles";
import { handler } from "@/lib/http/handler";
import { builtinViews, profileViews, toProfileView } from "@/lib/portal/profile-views";
import { createProfileBody, SAVED_PROFILE_LIMITS } from "@/lib/profiles/records";
import { saveNewProfile } from "@/lib/services/profiles";

/** GET: the shop's saved profiles (newest first) and the built-in ones to start from. */
export const GET = handler({ roles: AREA_ROLES.profiles }, async () => ({
  profiles: await profileViews(),
  builtins: builtinViews(),
}));

/** POST { name?, profile, fingerprints? }: saves a profile (the mapping step, "start from a built-in"). Audited. */
export const POST = handler(
  { roles: AREA_ROLES.profiles, body: createProfileBody, bodyLimit: SAVED_PROFILE_LIMITS.requestBytes },
  async ({ body, user, ip }) => Response.json({ profile: toProfileView(await saveNewProfile(body, { user, ip })) }, { status: 201 }),
);
