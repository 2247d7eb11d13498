import "server-only";
import bcrypt from "bcryptjs";
import { AppError } from "../errors";
import { getDb, getSql } from "./client";
import type { User } from "./generated/client";
import { Role } from "./generated/enums";
import { isUniqueViolation } from "./prisma-errors";
import { revokeUserSessions } from "./sessions";

export { Role };

const BCRYPT_COST = 10;
export const ROLES = Object.values(Role) as readonly Role[];

export interface UserView {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastLoginAt: Date | null;
}

/** Only for sign-in: carries the hash that verifyPassword checks. */
export interface UserWithHash extends UserView {
  passwordHash: string;
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

const toView = (u: User): UserView => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  active: u.active,
  createdAt: u.createdAt,
  updatedAt: u.updatedAt,
  lastLoginAt: u.lastLoginAt,
});

/** Throws AppError 409 `email_taken` when the (normalised) email already exists. */
export async function createUser(input: { email: string; password: string; role: Role; name?: string | null }): Promise<UserView> {
  const email = normalizeEmail(input.email);
  if (!email.includes("@")) throw new AppError(400, "bad_email", `not an email address: ${input.email}`);
  if (input.password.length === 0) throw new AppError(400, "bad_password", "the password is empty");
  if (!ROLES.includes(input.role)) throw new AppError(400, "bad_role", `unknown role: ${String(input.role)}`);
  const passwordHash = await bcrypt.hash(input.password, BCRYPT_COST);
  const db = await getDb();
  try {
    return toView(await db.user.create({ data: { email, passwordHash, role: input.role, name: input.name ?? null } }));
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError(409, "email_taken", `a user with email ${email} already exists`);
    throw e;
  }
}

export async function findByEmail(email: string): Promise<UserWithHash | null> {
  const db = await getDb();
  const u = await db.user.findUnique({ where: { email: normalizeEmail(email) } });
  return u ? { ...toView(u), passwordHash: u.passwordHash } : null;
}

export async function findById(id: string): Promise<UserView | null> {
  const db = await getDb();
  const u = await db.user.findUnique({ where: { id } });
  return u ? toView(u) : null;
}

export function verifyPassword(user: { passwordHash: string }, password: string): Promise<boolean> {
  return bcrypt.compare(password, user.passwordHash);
}

export async function listUsers(): Promise<UserView[]> {
  const db = await getDb();
  return (await db.user.findMany({ orderBy: { email: "asc" } })).map(toView);
}

export async function setRole(id: string, role: Role): Promise<UserView> {
  if (!ROLES.includes(role)) throw new AppError(400, "bad_role", `unknown role: ${String(role)}`);
  const db = await getDb();
  // Away from admin, the guarded statement is the write; Prisma only reads the result back.
  if (role !== "admin") {
    await whileAnotherAdminRemains(id, `role = $2::"Role"`, [role]);
    return toView(await db.user.findUniqueOrThrow({ where: { id } }));
  }
  return toView(await db.user.update({ where: { id }, data: { role } }));
}

/** Deactivating also ends every session of the user on the server. */
export async function setActive(id: string, active: boolean): Promise<UserView> {
  const db = await getDb();
  if (active) return toView(await db.user.update({ where: { id }, data: { active } }));
  await whileAnotherAdminRemains(id, "active = false", []);
  await revokeUserSessions(id);
  return toView(await db.user.findUniqueOrThrow({ where: { id } }));
}

/**
 * Applies a change that may take admin access away from `id` only while another active admin remains,
 * in one statement that first locks the active admins in id order: two admins removing each other at
 * the same moment could both succeed (each saw the other), leaving nobody able to sign in as admin.
 */
async function whileAnotherAdminRemains(id: string, set: string, params: unknown[]): Promise<void> {
  const sql = await getSql();
  const changed = await sql.query(
    `WITH admins AS MATERIALIZED (SELECT id FROM "User" WHERE role = 'admin' AND active ORDER BY id FOR UPDATE)
UPDATE "User" SET ${set}, "updatedAt" = now()
WHERE id = $1 AND (NOT (role = 'admin' AND active) OR EXISTS (SELECT 1 FROM admins WHERE admins.id <> $1))
RETURNING id`,
    [id, ...params],
  );
  if (changed.length === 0 && (await findById(id))) {
    throw new AppError(409, "last_admin", "At least one active admin must remain: make another user an admin first.");
  }
}

export async function setPassword(id: string, password: string): Promise<void> {
  if (password.length === 0) throw new AppError(400, "bad_password", "the password is empty");
  const db = await getDb();
  await db.user.update({ where: { id }, data: { passwordHash: await bcrypt.hash(password, BCRYPT_COST) } });
  await revokeUserSessions(id); // a new password signs every browser out
}

export async function recordLogin(id: string, at: Date = new Date()): Promise<void> {
  const db = await getDb();
  await db.user.update({ where: { id }, data: { lastLoginAt: at } });
}

export async function countUsers(): Promise<number> {
  const db = await getDb();
  return db.user.count();
}
