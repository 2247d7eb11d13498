import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, setDb, type Db } from "@/lib/db/client";
import { createUser, setActive } from "@/lib/db/users";
import { listAudit } from "@/lib/db/audit";
import { checkSignInLimit, SIGN_IN_LIMITS } from "@/lib/auth/rate-limit";
import { signInWithPassword, SignInRateLimited } from "@/lib/auth/sign-in";

// Real embedded PostgreSQL (PGlite in memory), migrated like the app's.
let db: Db;
beforeAll(async () => {
  db = await createDb({ dataDir: "memory://" });
  setDb(db);
});
afterAll(async () => {
  setDb(null);
  await db.close();
});

describe("password sign-in with rate limits", () => {
  it("signs in with the right password, case-insensitive email, and audits it", async () => {
    const u = await createUser({ email: "ann@example.com", password: "correct-horse", role: "ops", name: "Ann" });
    const got = await signInWithPassword("  ANN@example.com ", "correct-horse", "10.1.1.1");
    expect(got).toEqual({ id: u.id, email: "ann@example.com", name: "Ann", role: "ops" });
    const entries = await listAudit({ action: "auth." });
    expect(entries[0]).toMatchObject({ action: "auth.sign_in", actorId: u.id, ip: "10.1.1.1" });
  });

  it("refuses a wrong password, an unknown email and a deactivated account", async () => {
    const u = await createUser({ email: "bob@example.com", password: "bob-password", role: "client" });
    expect(await signInWithPassword("bob@example.com", "nope", "10.2.0.1")).toBeNull();
    expect(await signInWithPassword("nobody@example.com", "nope", "10.2.0.2")).toBeNull();
    await setActive(u.id, false);
    expect(await signInWithPassword("bob@example.com", "bob-password", "10.2.0.3")).toBeNull();
    const reasons = (await listAudit({ action: "auth.sign_in_failed" })).map((e) => e.details.reason);
    expect(reasons).toEqual(expect.arrayContaining(["bad_password", "unknown_email", "deactivated"]));
  });

  it("locks an account after 5 failures from any address, even for the right password", async () => {
    await createUser({ email: "cat@example.com", password: "cat-password", role: "client" });
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
      expect(await signInWithPassword("cat@example.com", "wrong", `10.3.0.${i}`)).toBeNull();
    }
    await expect(signInWithPassword("cat@example.com", "cat-password", "10.3.9.9")).rejects.toBeInstanceOf(SignInRateLimited);
    const verdict = await checkSignInLimit("cat@example.com", "10.3.9.9");
    expect(verdict).toMatchObject({ limited: true, scope: "account" });
    expect(verdict.retryAfterSec).toBeGreaterThan(SIGN_IN_LIMITS.windowMs / 1000 - 60);
    // The window slides: 16 minutes later the account is free again.
    const later = new Date(Date.now() + SIGN_IN_LIMITS.windowMs + 60_000);
    expect((await checkSignInLimit("cat@example.com", "10.3.9.9", later)).limited).toBe(false);
  });

  it("a success resets the account's count", async () => {
    await createUser({ email: "dan@example.com", password: "dan-password", role: "client" });
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount - 1; i++) await signInWithPassword("dan@example.com", "wrong", "10.4.0.1");
    expect(await signInWithPassword("dan@example.com", "dan-password", "10.4.0.1")).not.toBeNull();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount - 1; i++) await signInWithPassword("dan@example.com", "wrong", "10.4.0.1");
    expect(await signInWithPassword("dan@example.com", "dan-password", "10.4.0.1")).not.toBeNull();
  });

  it("blocks an address after 20 failures across accounts; other addresses still work", async () => {
    await createUser({ email: "eve@example.com", password: "eve-password", role: "manager" });
    for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) await signInWithPassword(`spray${i}@example.com`, "guess", "10.5.5.5");
    await expect(signInWithPassword("eve@example.com", "eve-password", "10.5.5.5")).rejects.toThrow(/^RateLimited:\d+$/);
    expect(await signInWithPassword("eve@example.com", "eve-password", "10.5.5.6")).not.toBeNull();
    expect((await listAudit({ action: "auth.sign_in_blocked" })).some((e) => e.details.scope === "address")).toBe(true);
  });
});
