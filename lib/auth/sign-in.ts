import "server-only";
import { findByEmail, recordLogin, verifyPassword } from "../db/users";
import { auditEvent } from "./audit";
import { checkSignInLimit, recordSignInAttempt } from "./rate-limit";
import { isRole } from "./roles";
import type { SessionUser } from "./session";

/** Error codes next-auth passes back to the sign-in form as `?error=`. */
export const SIGN_IN_ERRORS = {
  rateLimited: "RateLimited",
  invalid: "CredentialsSignin",
} as const;

export class SignInRateLimited extends Error {
  constructor(readonly retryAfterSec: number) {
    super(`${SIGN_IN_ERRORS.rateLimited}:${retryAfterSec}`);
  }
}

/** A bcrypt hash of a throw-away string, with the same cost as real ones. */
const TIMING_HASH = "$2b$10$PLAgMwAqd.y0AerXeXVCYuzgJ3JfyamKhJM02k.NXiAMnWeP4ChKS";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/**
 * Checks a password sign-in: rate limit first (so a correct password does not unlock a throttled
 * account), then the password. Every outcome is recorded for the limiter and the audit log.
 */
export async function signInWithPassword(rawEmail: string, password: string, ip: string): Promise<SessionUser | null> {
  const email = normalizeEmail(rawEmail);
  if (!email || !password) return null;

  const verdict = await checkSignInLimit(email, ip);
  if (verdict.limited) {
    await auditEvent({ action: "auth.sign_in_blocked", target: email, ip, details: { scope: verdict.scope } });
    throw new SignInRateLimited(verdict.retryAfterSec ?? 60);
  }

  const user = await findByEmail(email);
  // Unknown emails still pay for one bcrypt comparison, so timing does not reveal which accounts exist.
  const ok = (await verifyPassword(user ?? { passwordHash: TIMING_HASH }, password)) && !!user && user.active;
  await recordSignInAttempt(email, ip, ok);
  if (!ok || !user || !isRole(user.role)) {
    await auditEvent({
      action: "auth.sign_in_failed",
      actorId: user?.id ?? null,
      target: email,
      ip,
      details: { reason: !user ? "unknown_email" : !user.active ? "deactivated" : "bad_password" },
    });
    return null;
  }
  await recordLogin(user.id);
  await auditEvent({ action: "auth.sign_in", actorId: user.id, target: email, ip });
  return { id: user.id, email: user.email, name: user.name ?? user.email, role: user.role };
}
