import { z } from "zod";
import { auditEvent } from "@/lib/auth/audit";
import { AREA_ROLES } from "@/lib/auth/roles";
import { PROFILE_LIMITS, parseProfile } from "@/lib/contracts";
import { createProfile, listProfiles } from "@/lib/db/profiles";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/handler";
import { profileNameSchema, SAVED_PROFILE_LIMITS } from "@/lib/profiles/records";
import { toProfileView } from "../profile-views";

const importBody = z.object({
  /** The uploaded file's text, parsed here so the error names the profile's own paths. */
  text: z.string().max(PROFILE_LIMITS.bytes, `a profile file is at most ${PROFILE_LIMITS.bytes / 1024} KB`),
  name: profileNameSchema.optional(),
});

/** POST { text, name? }: imports a profile file; a name in use gets a number. Audited. */
export const POST = handler({ roles: AREA_ROLES.profiles, body: importBody, bodyLimit: SAVED_PROFILE_LIMITS.requestBytes }, async ({ body, user, ip }) => {
  const parsed = parseProfile(body.text);
  if (!parsed.ok) throw new AppError(400, "invalid_profile", `This is not a source profile: ${parsed.error}`);
  const wanted = (body.name ?? parsed.profile.name ?? "Imported profile").trim().slice(0, PROFILE_LIMITS.text - 6);
  const taken = new Set((await listProfiles()).map((p) => p.name));
  let name = wanted;
  for (let n = 2; taken.has(name) && n < 1000; n++) name = `${wanted} (${n})`;
  const saved = await createProfile({ name, profile: parsed.profile, createdById: user.id });
  await auditEvent({ action: "profile.import", actorId: user.id, target: saved.id, ip, details: { name: saved.name, bytes: body.text.length } });
  return Response.json({ profile: toProfileView(saved) }, { status: 201 });
});
