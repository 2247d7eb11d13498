import "server-only";
import { getDb } from "./client";

/** Sign-in attempts, the record the sign-in limits of `lib/auth/rate-limit.ts` count. */
export interface AttemptFilter {
  email?: string;
  ip?: string;
  /** Addresses left out. */
  notIps?: readonly string[];
  success: boolean;
  /** Attempts at or after this. */
  since: Date;
  /** Attempts strictly after this (the later of the two counts). */
  after?: Date;
}

export interface AttemptCount {
  count: number;
  /** The latest attempt counted (null: none). */
  last: Date | null;
}

const whereOf = (f: AttemptFilter) => ({
  email: f.email,
  ip: f.notIps ? { notIn: [...f.notIps] } : f.ip,
  success: f.success,
  at: f.after ? { gt: f.after } : { gte: f.since },
});

export async function countAttempts(filter: AttemptFilter): Promise<AttemptCount> {
  const db = await getDb();
  const r = await db.loginAttempt.aggregate({ where: whereOf(filter), _count: { _all: true }, _max: { at: true } });
  return { count: r._count._all, last: r._max.at };
}

/** When the latest attempt matching the filter was (null: none). */
export async function lastAttemptAt(filter: AttemptFilter): Promise<Date | null> {
  const db = await getDb();
  const r = await db.loginAttempt.findFirst({ where: whereOf(filter), orderBy: { at: "desc" }, select: { at: true } });
  return r?.at ?? null;
}

/** The addresses an account signed in from since `since`. */
export async function signInAddresses(email: string, since: Date): Promise<string[]> {
  const db = await getDb();
  const rows = await db.loginAttempt.findMany({ where: { email, success: true, at: { gte: since } }, distinct: ["ip"], select: { ip: true } });
  return rows.map((r) => r.ip);
}

export async function recordAttempt(email: string, ip: string, success: boolean, at: Date): Promise<void> {
  const db = await getDb();
  await db.loginAttempt.create({ data: { email, ip, success, at } });
}
