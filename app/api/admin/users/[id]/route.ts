import { auditEvent } from "@/lib/auth/audit";
import { AREA_ROLES } from "@/lib/auth/roles";
import { findById, setActive, setRole } from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { z } from "zod";
import { handler } from "@/lib/http/handler";
import { uuidParam } from "@/lib/http/input";
import { toUserDto } from "@/lib/portal/user-dto";
import { updateUserSchema } from "@/lib/portal/user-input";

/** Changes a user's role and/or active flag. Audited; an admin cannot lock themselves out. */
export const PATCH = handler({ roles: AREA_ROLES.admin, params: z.object({ id: uuidParam }), body: updateUserSchema }, async ({ body, user, params, ip }) => {
  const target = await findById(params.id);
  if (!target) throw new AppError(404, "user_not_found", "This user does not exist.");
  if (target.id === user.id && ((body.role && body.role !== "admin") || body.active === false)) {
    throw new AppError(409, "self_lockout", "You cannot remove your own admin access. Ask another admin.");
  }
  let updated = target;
  if (body.role !== undefined && body.role !== target.role) {
    updated = await setRole(target.id, body.role);
    await auditEvent({ action: "user.role_change", actorId: user.id, target: target.email, ip, details: { userId: target.id, from: target.role, to: body.role } });
  }
  if (body.active !== undefined && body.active !== target.active) {
    updated = await setActive(target.id, body.active);
    await auditEvent({ action: body.active ? "user.reactivate" : "user.deactivate", actorId: user.id, target: target.email, ip, details: { userId: target.id } });
  }
  return { user: toUserDto(updated) };
});
