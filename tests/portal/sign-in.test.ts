import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, setDb, type Db } from "@/lib/db/client";
import { createUser, setActive } from "@/lib/db/users";
import { listAudit } from "@/lib/db/audit";
import { checkSignInLimit, recordSignInAttempt, SIGN_IN_LIMITS } from "@/lib/auth/rate-limit";
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

  it("failures from other addresses never lock the owner out (issue 11, item 5)", async () => {
    await createUser({ email: "cat@example.com", password: "cat-password", role: "client" });
    // An attacker fails 5 times from 5 addresses (spoofed or real), and again every 15 minutes.
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < SIGN_IN_LIMITS.perAccountAddress; i++) {
        expect(await signInWithPassword("cat@example.com", "wrong", `10.3.${round}.${i}`)).toBeNull();
      }
    }
    // The owner, from their own address, signs in at once.
    expect(await signInWithPassword("cat@example.com", "cat-password", "10.3.9.9")).not.toBeNull();
    expect((await checkSignInLimit("cat@example.com", "10.3.9.9")).limited).toBe(false);
  });

  it("one address guessing one account backs off: 1, 2, 4, 8, then 15 minutes after its last failure", async () => {
    await createUser({ email: "fay@example.com", password: "fay-password", role: "client" });
    const t0 = Date.parse("2026-06-01T10:00:00Z");
    const at = (min: number) => new Date(t0 + min * 60_000);
    const ip = "10.6.0.1";
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAddress; i++) await recordSignInAttempt("fay@example.com", ip, false, at(i / 10));
    const last = 0.4;
    const v = await checkSignInLimit("fay@example.com", ip, at(last));
    expect(v).toMatchObject({ limited: true, scope: "account_address", retryAfterSec: 60 });
    expect((await checkSignInLimit("fay@example.com", ip, at(last + 1.01))).limited).toBe(false);
    // Each further failure doubles the wait, up to 15 minutes.
    const waits: number[] = [];
    let now = last;
    for (let extra = 0; extra < 6; extra++) {
      now += 0.5 + (waits.at(-1) ?? 60) / 60;
      await recordSignInAttempt("fay@example.com", ip, false, at(now));
      waits.push((await checkSignInLimit("fay@example.com", ip, at(now))).retryAfterSec!);
    }
    expect(waits).toEqual([120, 240, 480, 900, 900, 900]);
    // Another address is not slowed by any of it.
    expect((await checkSignInLimit("fay@example.com", "10.6.0.2", at(now))).limited).toBe(false);
  });

  it("refused tries are not counted, so hammering does not extend the wait", async () => {
    await createUser({ email: "gus@example.com", password: "gus-password", role: "client" });
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAddress; i++) await signInWithPassword("gus@example.com", "wrong", "10.7.0.1");
    for (let i = 0; i < 10; i++) {
      await expect(signInWithPassword("gus@example.com", "wrong", "10.7.0.1")).rejects.toBeInstanceOf(SignInRateLimited);
    }
    const v = await checkSignInLimit("gus@example.com", "10.7.0.1");
    expect(v.retryAfterSec).toBeLessThanOrEqual(SIGN_IN_LIMITS.baseDelaySec);
  });

  it("a distributed guess slows new addresses for that account; addresses it signed in from are exempt", async () => {
    await createUser({ email: "hal@example.com", password: "hal-password", role: "ops" });
    expect(await signInWithPassword("hal@example.com", "hal-password", "10.8.0.1")).not.toBeNull();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) await recordSignInAttempt("hal@example.com", `10.9.${Math.floor(i / 200)}.${i % 200}`, false);
    expect(await checkSignInLimit("hal@example.com", "10.9.99.1")).toMatchObject({ limited: true, scope: "account" });
    expect(await signInWithPassword("hal@example.com", "hal-password", "10.8.0.1")).not.toBeNull();
  });

  it("a success resets the account's count", async () => {
    await createUser({ email: "dan@example.com", password: "dan-password", role: "client" });
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAddress - 1; i++) await signInWithPassword("dan@example.com", "wrong", "10.4.0.1");
    expect(await signInWithPassword("dan@example.com", "dan-password", "10.4.0.1")).not.toBeNull();
    for (let i = 0; i < SIGN_IN_LIMITS.perAccountAddress - 1; i++) await signInWithPassword("dan@example.com", "wrong", "10.4.0.1");
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
