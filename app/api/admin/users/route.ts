import { auditEvent } from "@/lib/auth/audit";
import { AREA_ROLES } from "@/lib/auth/roles";
import { createUser, listUsers } from "@/lib/db/users";
import { handler } from "@/lib/http/handler";
import { createUserSchema } from "@/lib/portal/user-input";
import { toUserDto } from "@/lib/portal/user-dto";

export const GET = handler({ roles: AREA_ROLES.admin }, async () => ({ users: (await listUsers()).map(toUserDto) }));

/** Creates an account (409 email_taken from the repository when the email exists). Audited. */
export const POST = handler({ roles: AREA_ROLES.admin, body: createUserSchema }, async ({ body, user, ip }) => {
  const created = await createUser(body);
  await auditEvent({ action: "user.create", actorId: user.id, target: created.email, ip, details: { userId: created.id, role: created.role } });
  return Response.json({ user: toUserDto(created) }, { status: 201 });
});
