import "server-only";
import { getDb } from "@/lib/db/client";

/** Failed sign-ins allowed per window: per account (slow guessing of one password) and per address (spraying). */
export const SIGN_IN_LIMITS = {
  windowMs: 15 * 60 * 1000,
  perAccount: 5,
  perAddress: 20,
} as const;

export interface LimitVerdict {
  limited: boolean;
  scope?: "account" | "address";
  /** Seconds until the oldest counted failure leaves the window. */
  retryAfterSec?: number;
}

/**
 * Counts recent failures from the LoginAttempt table. An account's count restarts after a successful
 * sign-in, so the owner who finally remembers the password is not punished later.
 */
export async function checkSignInLimit(email: string, ip: string, now = new Date()): Promise<LimitVerdict> {
  const db = await getDb();
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMs);

  const lastSuccess = await db.loginAttempt.findFirst({
    where: { email, success: true, at: { gte: since } },
    orderBy: { at: "desc" },
    select: { at: true },
  });
  const accountSince = lastSuccess ? lastSuccess.at : since;
  const accountFailures = await db.loginAttempt.findMany({
    where: { email, success: false, at: { gt: accountSince } },
    orderBy: { at: "asc" },
    select: { at: true },
  });
  if (accountFailures.length >= SIGN_IN_LIMITS.perAccount) {
    return { limited: true, scope: "account", retryAfterSec: retryAfter(accountFailures, SIGN_IN_LIMITS.perAccount, now) };
  }

  const addressFailures = await db.loginAttempt.findMany({
    where: { ip, success: false, at: { gte: since } },
    orderBy: { at: "asc" },
    select: { at: true },
  });
  if (addressFailures.length >= SIGN_IN_LIMITS.perAddress) {
    return { limited: true, scope: "address", retryAfterSec: retryAfter(addressFailures, SIGN_IN_LIMITS.perAddress, now) };
  }
  return { limited: false };
}

/** When enough failures age out for the count to drop below the limit. */
function retryAfter(failures: { at: Date }[], limit: number, now: Date): number {
  const idx = failures.length - limit;
  const pivot = failures[idx]?.at ?? now;
  return Math.max(1, Math.ceil((pivot.getTime() + SIGN_IN_LIMITS.windowMs - now.getTime()) / 1000));
}

export async function recordSignInAttempt(email: string, ip: string, success: boolean): Promise<void> {
  const db = await getDb();
  await db.loginAttempt.create({ data: { email, ip, success } });
}
