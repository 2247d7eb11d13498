import "server-only";
import type { z } from "zod";
import { auditEvent } from "../auth/audit";
import type { SessionUser } from "../auth/session";
import { createUser, findById, setActive, setRole, type UserView } from "../db/users";
import { AppError } from "../errors";
import type { createUserSchema, updateUserSchema } from "../portal/user-input";

/** An admin's changes to accounts, each audited. */
interface Actor {
  user: SessionUser;
  ip: string | null;
}

/** Creates an account (409 email_taken from the repository when the email exists). */
export async function createAccount(body: z.infer<typeof createUserSchema>, { user, ip }: Actor): Promise<UserView> {
  const created = await createUser(body);
  await auditEvent({ action: "user.create", actorId: user.id, target: created.email, ip, details: { userId: created.id, role: created.role } });
  return created;
}

/** Changes a user's role and/or active flag; an admin cannot lock themselves out. */
export async function changeAccount(id: string, body: z.infer<typeof updateUserSchema>, { user, ip }: Actor): Promise<UserView> {
  const target = await findById(id);
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
  return updated;
}
