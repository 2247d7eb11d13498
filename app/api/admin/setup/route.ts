import { auditEvent } from "@/lib/auth/audit";
import { createFirstAdmin } from "@/lib/auth/first-admin";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/handler";
import { newUserSchema } from "@/lib/portal/user-input";

/** One-time: creates the first admin while the database has no users; 409 afterwards. */
export const POST = handler({ roles: "public", body: newUserSchema }, async ({ body, ip }) => {
  const created = await createFirstAdmin(body);
  if (!created) throw new AppError(409, "already_set_up", "An administrator already exists. Sign in instead.");
  await auditEvent({ action: "setup.first_admin", actorId: created.id, target: body.email, ip });
  return Response.json({ user: { id: created.id, email: body.email, role: "admin" } }, { status: 201 });
});
