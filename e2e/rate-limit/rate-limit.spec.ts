import { expect, test } from "@playwright/test";
import { adminApi, createAccount, signInViaApi, snap } from "../support";

// Each test poses as its own addresses (X-Forwarded-For, trusted: the e2e server runs with TRUST_PROXY=1
// as if behind a reverse proxy) so the per-address counter starts at zero.
const from = (ip: string) => ({ "x-forwarded-for": ip });

test.describe("failed sign-ins are rate limited", () => {
  test("per account and address: 5 failures slow that address down; the owner elsewhere is never locked out", async ({ page }) => {
    const user = await createAccount("client", "locked");
    // An attacker fails 5 times from one address: that address now waits, even with the right password.
    for (let i = 0; i < 5; i++) {
      const r = await signInViaApi(page.request, user.email, "not-the-password", from("198.51.100.10"));
      expect(r).toEqual({ ok: false, error: "CredentialsSignin" });
    }
    const blocked = await signInViaApi(page.request, user.email, user.password, from("198.51.100.10"));
    expect(blocked.ok).toBe(false);
    expect(blocked.error).toMatch(/^RateLimited:\d+$/);

    // The sign-in form says so in words (the browser comes from that address too).
    await page.setExtraHTTPHeaders(from("198.51.100.10"));
    await page.goto("/login");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /Too many failed sign-ins\. Try again in \d+ minutes?\./ })).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
    await snap(page, "login-rate-limited");
    await page.setExtraHTTPHeaders({});

    // 5 more failures from 5 other addresses (issue 11, item 5: this used to lock the account).
    for (let i = 0; i < 5; i++) await signInViaApi(page.request, user.email, "not-the-password", from(`198.51.100.${20 + i}`));
    // The owner, from their own address, signs in at once.
    expect(await signInViaApi(page.request, user.email, user.password, from("198.51.100.99"))).toEqual({ ok: true, error: null });

    const admin = await adminApi();
    const audit = (await (await admin.get("/api/admin/audit?action=auth.&limit=200")).json()) as { entries: { action: string; target: string; ip: string }[] };
    await admin.dispose();
    const mine = audit.entries.filter((e) => e.target === user.email);
    expect(mine.filter((e) => e.action === "auth.sign_in_failed")).toHaveLength(10);
    expect(mine.map((e) => e.action)).toContain("auth.sign_in_blocked");
    // Behind the trusted proxy the audit log names the address the proxy saw.
    expect(mine.find((e) => e.action === "auth.sign_in")?.ip).toBe("198.51.100.99");
  });

  test("per address: 20 failures from one address block it, other addresses still sign in", async ({ page }) => {
    const user = await createAccount("ops", "sprayed");
    const attacker = from("203.0.113.66");
    for (let i = 0; i < 20; i++) {
      const r = await signInViaApi(page.request, `nobody-${i}-${Date.now()}@e2e.test`, "guess", attacker);
      expect(r.error).toBe("CredentialsSignin");
    }
    const blocked = await signInViaApi(page.request, user.email, user.password, attacker);
    expect(blocked.error).toMatch(/^RateLimited:\d+$/);
    const elsewhere = await signInViaApi(page.request, user.email, user.password, from("203.0.113.67"));
    expect(elsewhere).toEqual({ ok: true, error: null });
  });
});
