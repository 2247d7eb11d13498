// Issue 11, items 9 and 16: sessions live on the server. The callbacks next-auth runs on sign-in and on
// every session read, against a real database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JWT } from "next-auth/jwt";
import { decode } from "next-auth/jwt";
import { createDb, setDb, type Db } from "@/lib/db/client";
import { createUser, setActive, setRole } from "@/lib/db/users";
import { authOptions, SESSION_MAX_AGE_SEC } from "@/lib/auth/options";

let db: Db;
beforeAll(async () => {
  process.env.AUTH_SECRET ??= "a-test-secret-of-enough-length-123";
  db = await createDb({ dataDir: "memory://" });
  setDb(db);
});
afterAll(async () => {
  setDb(null);
  await db.close();
});

const opts = () => authOptions();
/** What next-auth does on sign-in: jwt({ token, user }). */
async function signIn(user: { id: string; email: string; role: string }): Promise<JWT> {
  return (await opts().callbacks!.jwt!({ token: { sub: user.id }, user: { ...user, name: "U", ip: "10.0.0.1" } as never, account: null })) as JWT;
}
/** What next-auth does on every session read: jwt({ token }) then session({ session, token }). */
async function read(token: JWT): Promise<{ role?: string; email?: string } | "ended"> {
  try {
    const t = (await opts().callbacks!.jwt!({ token, user: undefined as never, account: null })) as JWT;
    const s = (await opts().callbacks!.session!({ session: { user: {}, expires: "" }, token: t } as never)) as { user: { role?: string; email?: string } };
    return s.user;
  } catch (e) {
    if ((e as Error).name === "SessionEnded") return "ended";
    throw e;
  }
}

describe("server-side sessions", () => {
  it("the session endpoint names the user's current role, not the one at sign-in (item 16)", async () => {
    const u = await createUser({ email: "role@example.com", password: "lantern-quietly-harbors", role: "client" });
    const token = await signIn({ id: u.id, email: u.email, role: "client" });
    expect(await read(token)).toMatchObject({ role: "client" });
    await setRole(u.id, "manager");
    expect(await read(token)).toMatchObject({ role: "manager", email: "role@example.com" });
  });

  it("deactivation ends every session of the user (items 9 and 16)", async () => {
    const u = await createUser({ email: "gone@example.com", password: "lantern-quietly-harbors", role: "ops" });
    const a = await signIn({ id: u.id, email: u.email, role: "ops" });
    const b = await signIn({ id: u.id, email: u.email, role: "ops" });
    await setActive(u.id, false);
    expect(await read(a)).toBe("ended");
    expect(await read(b)).toBe("ended");
    // Reactivating does not bring the old sessions back: they were revoked.
    await setActive(u.id, true);
    expect(await read(a)).toBe("ended");
    const revoked = await db.prisma.userSession.findMany({ where: { userId: u.id } });
    expect(revoked.every((s) => s.revokedAt !== null)).toBe(true);
  });

  it("sign-out ends the session on the server: a copied cookie is worthless afterwards (item 9)", async () => {
    const u = await createUser({ email: "out@example.com", password: "lantern-quietly-harbors", role: "ops" });
    const browser = await signIn({ id: u.id, email: u.email, role: "ops" });
    const copied = { ...browser };
    await opts().events!.signOut!({ token: browser, session: undefined as never });
    expect(await read(copied)).toBe("ended");
    expect((await db.prisma.auditLog.findMany({ where: { action: "auth.sign_out", actorId: u.id } })).length).toBe(1);
  });

  it("a session ends at its fixed end however often it is used; the cookie never outlives it (item 9)", async () => {
    const u = await createUser({ email: "old@example.com", password: "lantern-quietly-harbors", role: "ops" });
    const token = await signIn({ id: u.id, email: u.email, role: "ops" });
    const row = await db.prisma.userSession.findUniqueOrThrow({ where: { id: token.sid! } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(SESSION_MAX_AGE_SEC * 1000);
    // Reading it many times does not move its end.
    for (let i = 0; i < 3; i++) expect(await read(token)).toMatchObject({ role: "ops" });
    expect((await db.prisma.userSession.findUniqueOrThrow({ where: { id: token.sid! } })).expiresAt).toEqual(row.expiresAt);

    // The re-signed cookie expires with the session, not 8 h after the latest read.
    const jwt = opts().jwt!;
    const soon = Math.floor(Date.now() / 1000) + 120;
    const encoded = await jwt.encode!({ token: { ...token, sessionEnd: soon }, secret: opts().secret!, maxAge: SESSION_MAX_AGE_SEC });
    const decoded = await decode({ token: encoded, secret: opts().secret! });
    expect(decoded!.exp as number).toBeLessThanOrEqual(soon + 1);

    // Past its end the session is over.
    await db.prisma.userSession.update({ where: { id: token.sid! }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await read(token)).toBe("ended");
  });

  it("a token that names no session (made before sessions were kept, or forged with the secret) is refused", async () => {
    const u = await createUser({ email: "legacy@example.com", password: "lantern-quietly-harbors", role: "admin" });
    expect(await read({ sub: u.id, role: "admin" })).toBe("ended");
    const other = await signIn({ id: u.id, email: u.email, role: "admin" });
    expect(await read({ ...other, sub: "someone-else" })).toBe("ended");
  });
});
