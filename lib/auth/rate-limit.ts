import "server-only";
import { getDb } from "@/lib/db/client";

/**
 * Failed sign-ins are limited so that guessing is slow but nobody can lock a user out:
 *  - per account AND address: the owner signing in from their own address is never slowed by
 *    failures from another one (5 free tries, then backoff);
 *  - per address, across accounts (spraying one password over many accounts): 20 free, then backoff;
 *  - per account from addresses that never signed in to it (a distributed guess): 50 free, then
 *    backoff, which addresses the account has signed in from within 90 days do not feel.
 * Backoff, not lockout: after N failures over a limit the next try waits 1, 2, 4, 8, then 15 minutes
 * from the last failure; refused tries are not counted, so hammering does not extend the wait.
 */
export const SIGN_IN_LIMITS = {
  /** Failures older than this no longer count. */
  windowMs: 60 * 60 * 1000,
  perAccountAddress: 5,
  perAddress: 20,
  perAccount: 50,
  knownAddressMs: 90 * 24 * 60 * 60 * 1000,
  baseDelaySec: 60,
  maxDelaySec: 15 * 60,
} as const;

export type LimitScope = "account_address" | "address" | "account";

export interface LimitVerdict {
  limited: boolean;
  scope?: LimitScope;
  /** Seconds until the next try is allowed. */
  retryAfterSec?: number;
}

/** The wait after `failures` (≥ limit) failures, the last at `last`; 0 when it is over. */
export function backoffSec(failures: number, limit: number, last: Date, now: Date): number {
  if (failures < limit) return 0;
  const delay = Math.min(SIGN_IN_LIMITS.maxDelaySec, SIGN_IN_LIMITS.baseDelaySec * 2 ** Math.min(failures - limit, 20));
  return Math.max(0, Math.ceil((last.getTime() + delay * 1000 - now.getTime()) / 1000));
}

export async function checkSignInLimit(email: string, ip: string, now = new Date()): Promise<LimitVerdict> {
  const db = await getDb();
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMs);

  // Per account and address; the count restarts after this address's last success on the account.
  const lastPairSuccess = await db.loginAttempt.findFirst({
    where: { email, ip, success: true, at: { gte: since } },
    orderBy: { at: "desc" },
    select: { at: true },
  });
  const pair = await db.loginAttempt.aggregate({
    where: { email, ip, success: false, at: { gt: lastPairSuccess?.at ?? since } },
    _count: { _all: true },
    _max: { at: true },
  });
  const pairWait = pair._max.at ? backoffSec(pair._count._all, SIGN_IN_LIMITS.perAccountAddress, pair._max.at, now) : 0;
  if (pairWait > 0) return { limited: true, scope: "account_address", retryAfterSec: pairWait };

  const address = await db.loginAttempt.aggregate({
    where: { ip, success: false, at: { gte: since } },
    _count: { _all: true },
    _max: { at: true },
  });
  const addressWait = address._max.at ? backoffSec(address._count._all, SIGN_IN_LIMITS.perAddress, address._max.at, now) : 0;
  if (addressWait > 0) return { limited: true, scope: "address", retryAfterSec: addressWait };

  // Addresses the account has signed in from are exempt from the account-wide limit.
  const known = await db.loginAttempt.findMany({
    where: { email, success: true, at: { gte: new Date(now.getTime() - SIGN_IN_LIMITS.knownAddressMs) } },
    distinct: ["ip"],
    select: { ip: true },
  });
  const knownIps = known.map((k) => k.ip);
  if (!knownIps.includes(ip)) {
    const account = await db.loginAttempt.aggregate({
      where: { email, success: false, at: { gte: since }, ip: { notIn: knownIps } },
      _count: { _all: true },
      _max: { at: true },
    });
    const accountWait = account._max.at ? backoffSec(account._count._all, SIGN_IN_LIMITS.perAccount, account._max.at, now) : 0;
    if (accountWait > 0) return { limited: true, scope: "account", retryAfterSec: accountWait };
  }
  return { limited: false };
}

export async function recordSignInAttempt(email: string, ip: string, success: boolean, at = new Date()): Promise<void> {
  const db = await getDb();
  await db.loginAttempt.create({ data: { email, ip, success, at } });
}
