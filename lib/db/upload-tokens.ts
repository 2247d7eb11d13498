import "server-only";
import { getDb } from "./client";
import { isUniqueViolation } from "./prisma-errors";

/**
 * Marks a signed upload URL as used. Returns false when its nonce was already used: each URL uploads
 * once. Expired entries are dropped on the way (their signature has expired too, so no replay).
 */
export async function consumeUploadToken(nonce: string, key: string, size: number, expiresAt: Date): Promise<boolean> {
  const db = await getDb();
  const now = new Date();
  await db.uploadToken.deleteMany({ where: { expiresAt: { lt: now } } });
  try {
    await db.uploadToken.create({ data: { nonce, key, size: BigInt(size), expiresAt, usedAt: now } });
    return true;
  } catch (e) {
    if (isUniqueViolation(e)) return false;
    throw e;
  }
}
