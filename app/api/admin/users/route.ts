import { AREA_ROLES } from "@/lib/auth/roles";
import { handler } from "@/lib/http/handler";
import { userDtos } from "@/lib/portal/admin-views";
import { createUserSchema } from "@/lib/portal/user-input";
import { toUserDto } from "@/lib/portal/user-dto";
import { createAccount } from "@/lib/services/users";

export const GET = handler({ roles: AREA_ROLES.admin }, async () => ({ users: await userDtos() }));

/** Creates an account (409 email_taken from the repository when the email exists). Audited. */
export const POST = handler({ roles: AREA_ROLES.admin, body: createUserSchema }, async ({ body, user, ip }) =>
  Response.json({ user: toUserDto(await createAccount(body, { user, ip })) }, { status: 201 }),
);
