import { auditEvent } from "@/lib/auth/audit";
import { AREA_ROLES } from "@/lib/auth/roles";
import { createProfile, listProfiles } from "@/lib/db/profiles";
import { handler } from "@/lib/http/handler";
import { createProfileBody, SAVED_PROFILE_LIMITS } from "@/lib/profiles/records";
import { builtinViews, toProfileView } from "./profile-views";

/** GET: the shop's saved profiles (newest first) and the built-in ones to start from. */
export const GET = handler({ roles: AREA_ROLES.profiles }, async () => ({
  profiles: (await listProfiles()).map(toProfileView),
  builtins: builtinViews(),
}));

/** POST { name?, profile, fingerprints? }: saves a profile (the mapping step, "start from a built-in"). Audited. */
export const POST = handler(
  { roles: AREA_ROLES.profiles, body: createProfileBody, bodyLimit: SAVED_PROFILE_LIMITS.requestBytes },
  async ({ body, user, ip }) => {
    const saved = await createProfile({ name: body.name ?? body.profile.name ?? "Source profile", profile: body.profile, fingerprints: body.fingerprints, createdById: user.id });
    await auditEvent({ action: "profile.create", actorId: user.id, target: saved.id, ip, details: { name: saved.name, tables: toProfileView(saved).tables } });
    return Response.json({ profile: toProfileView(saved) }, { status: 201 });
  },
);
