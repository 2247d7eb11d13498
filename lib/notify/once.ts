import "server-only";
import { getDb } from "../db/client";
import { isUniqueViolation } from "../db/prisma-errors";

/**
 * Claims a notification so it is sent once, even when two processes (or recovery and the runner) see
 * the same ending: the Setting row's primary key is the lock. Claimed before sending, so a failed
 * delivery is reported in the audit log rather than sent again later.
 */
export async function claimOnce(key: string): Promise<boolean> {
  const db = await getDb();
  try {
    await db.setting.create({ data: { key, value: { claimedAt: new Date().toISOString() } } });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}
