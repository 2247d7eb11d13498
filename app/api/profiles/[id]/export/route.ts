import { AREA_ROLES } from "@/lib/auth/roles";
import { getProfile } from "@/lib/db/profiles";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/handler";

/** GET: the profile as a JSON file (the contract's format; the CLI's `--profile FILE` reads it). */
export const GET = handler({ roles: AREA_ROLES.profiles }, async ({ params }) => {
  const p = await getProfile(params.id!);
  if (!p) throw new AppError(404, "profile_not_found", "No such profile.");
  const slug = p.name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "profile";
  return new Response(`${JSON.stringify({ ...p.profile, name: p.name }, null, 2)}\n`, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${slug}.profile.json"`,
      "cache-control": "no-store",
    },
  });
});
