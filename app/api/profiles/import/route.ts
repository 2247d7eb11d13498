import { AREA_ROLES } from "@/lib/auth/roles";
import { handler } from "@/lib/http/handler";
import { toProfileView } from "@/lib/portal/profile-views";
import { importProfileBody, SAVED_PROFILE_LIMITS } from "@/lib/profiles/records";
import { importProfile } from "@/lib/services/profiles";

/** POST { text, name? }: imports a profile file; a name in use gets a number. Audited. */
export const POST = handler({ roles: AREA_ROLES.profiles, body: importProfileBody, bodyLimit: SAVED_PROFILE_LIMITS.requestBytes }, async ({ body, user, ip }) =>
  Response.json({ profile: toProfileView(await importProfile(body, { user, ip })) }, { status: 201 }),
);
