import { AREA_ROLES } from "@/lib/auth/roles";
import { handler } from "@/lib/http/handler";
import { profileFile } from "@/lib/portal/profile-views";

/** GET: the profile as a JSON file (the contract's format; the CLI's `--profile FILE` reads it). */
export const GET = handler({ roles: AREA_ROLES.profiles }, async ({ params }) => {
  const { fileName, text } = await profileFile(params.id!);
  return new Response(text, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
});
