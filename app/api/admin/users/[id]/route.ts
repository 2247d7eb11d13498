import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { handler } from "@/lib/http/handler";
import { uuidParam } from "@/lib/http/input";
import { toUserDto } from "@/lib/portal/user-dto";
import { updateUserSchema } from "@/lib/portal/user-input";
import { changeAccount } from "@/lib/services/users";

/** Changes a user's role and/or active flag. Audited; an admin cannot lock themselves out. */
export const PATCH = handler({ roles: AREA_ROLES.admin, params: z.object({ id: uuidParam }), body: updateUserSchema }, async ({ body, user, params, ip }) => ({
  user: toUserDto(await changeAccount(params.id, body, { user, ip })),
}));
