import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/** A signed, short-lived permission to PUT exactly `size` bytes to one lake key (local backend). */
export interface UploadGrant {
  key: string;
  size: number;
  contentType: string;
  nonce: string;
  exp: number;
}

export class UploadTokenError extends Error {
  override name = "UploadTokenError";
}

export function signUploadToken(g: Omit<UploadGrant, "nonce" | "exp">, secret: string, ttlSeconds: number): { token: string; expiresAt: Date } {
  const grant: UploadGrant = { ...g, nonce: randomUUID(), exp: Math.floor(Date.now() / 1000) + ttlSeconds };
  const payload = Buffer.from(JSON.stringify(grant)).toString("base64url");
  return { token: `${payload}.${mac(payload, secret)}`, expiresAt: new Date(grant.exp * 1000) };
}

/** Verifies signature and expiry; single use is enforced by the caller (it records the nonce). */
export function verifyUploadToken(token: string, secret: string, now = Date.now()): UploadGrant {
  const [payload, sig] = token.split(".");
  if (!payload || !sig) throw new UploadTokenError("malformed upload token");
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new UploadTokenError("bad upload token signature");
  const grant = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as UploadGrant;
  if (grant.exp * 1000 < now) throw new UploadTokenError("upload token expired");
  return grant;
}

function mac(payload: string, secret: string): string {
  return createHmac("sha256", secret).update(payload).digest("base64url");
}
