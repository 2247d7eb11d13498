import "server-only";
import { randomBytes } from "node:crypto";
import { getDb } from "./client";
import type { Role } from "./generated/enums";

export interface ActiveSession {
  id: string;
  expiresAt: Date;
  user: { id: string; email: string; name: string | null; role: Role };
}

/** Opens a session that ends at `now + lifetimeMs` however often it is used. Old rows are swept. */
export async function openSession(userId: string, lifetimeMs: number, ip: string | null, now = new Date()): Promise<{ id: string; expiresAt: Date }> {
  const db = await getDb();
  const id = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + lifetimeMs);
  await db.userSession.create({ data: { id, userId, expiresAt, ip, createdAt: now } });
  // A day after they end, sessions are only noise.
  await db.userSession.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 24 * 3600_000) } } });
  return { id, expiresAt };
}

/** The session with its user while it is open: not revoked, not past its end, the user active. */
export async function findActiveSession(id: string, now = new Date()): Promise<ActiveSession | null> {
  const db = await getDb();
  const s = await db.userSession.findUnique({
    where: { id },
    select: { id: true, expiresAt: true, revokedAt: true, user: { select: { id: true, email: true, name: true, role: true, active: true } } },
  });
  if (!s || s.revokedAt || s.expiresAt <= now || !s.user.active) return null;
  return { id: s.id, expiresAt: s.expiresAt, user: { id: s.user.id, email: s.user.email, name: s.user.name, role: s.user.role } };
}

/** Ends every open session of a user (sign-out, deactivation, new password). Returns how many. */
export async function revokeUserSessions(userId: string, now = new Date()): Promise<number> {
  const db = await getDb();
  const r = await db.userSession.updateMany({ where: { userId, revokedAt: null, expiresAt: { gt: now } }, data: { revokedAt: now } });
  return r.count;
}
