import "server-only";
import { countAttempts, lastAttemptAt, recordAttempt, signInAddresses } from "../db/login-attempts";

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
  const since = new Date(now.getTime() - SIGN_IN_LIMITS.windowMs);

  // Per account and address; the count restarts after this address's last success on the account.
  const lastPairSuccess = await lastAttemptAt({ email, ip, success: true, since });
  const pair = await countAttempts({ email, ip, success: false, since, after: lastPairSuccess ?? since });
  const pairWait = pair.last ? backoffSec(pair.count, SIGN_IN_LIMITS.perAccountAddress, pair.last, now) : 0;
  if (pairWait > 0) return { limited: true, scope: "account_address", retryAfterSec: pairWait };

  const address = await countAttempts({ ip, success: false, since });
  const addressWait = address.last ? backoffSec(address.count, SIGN_IN_LIMITS.perAddress, address.last, now) : 0;
  if (addressWait > 0) return { limited: true, scope: "address", retryAfterSec: addressWait };

  // Addresses the account has signed in from are exempt from the account-wide limit.
  const knownIps = await signInAddresses(email, new Date(now.getTime() - SIGN_IN_LIMITS.knownAddressMs));
  if (!knownIps.includes(ip)) {
    const account = await countAttempts({ email, success: false, since, notIps: knownIps });
    const accountWait = account.last ? backoffSec(account.count, SIGN_IN_LIMITS.perAccount, account.last, now) : 0;
    if (accountWait > 0) return { limited: true, scope: "account", retryAfterSec: accountWait };
  }
  return { limited: false };
}

export async function recordSignInAttempt(email: string, ip: string, success: boolean, at = new Date()): Promise<void> {
  await recordAttempt(email, ip, success, at);
}
