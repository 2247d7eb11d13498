import { expect, test } from "@playwright/test";
import { adminApi, createAccount, signInViaApi, snap } from "../support";

// Each test poses as its own addresses (X-Forwarded-For) so the per-address counter starts at zero.
const from = (ip: string) => ({ "x-forwarded-for": ip });

test.describe("failed sign-ins are rate limited", () => {
  test("per account: after 5 failures even the right password is refused, from any address", async ({ page }) => {
    const user = await createAccount("client", "locked");
    for (let i = 0; i < 5; i++) {
      const r = await signInViaApi(page.request, user.email, "not-the-password", from(`198.51.100.${10 + i}`));
      expect(r).toEqual({ ok: false, error: "CredentialsSignin" });
    }
    const blocked = await signInViaApi(page.request, user.email, user.password, from("198.51.100.99"));
    expect(blocked.ok).toBe(false);
    expect(blocked.error).toMatch(/^RateLimited:\d+$/);

    // The sign-in form says so in words.
    await page.goto("/login");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /Too many failed sign-ins\. Try again in \d+ minutes?\./ })).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
    await snap(page, "login-rate-limited");

    // Other accounts are not affected.
    const other = await createAccount("client", "bystander");
    expect((await signInViaApi(page.request, other.email, other.password, from("198.51.100.120"))).ok).toBe(true);

    const admin = await adminApi();
    const audit = (await (await admin.get("/api/admin/audit?action=auth.&limit=200")).json()) as { entries: { action: string; target: string }[] };
    await admin.dispose();
    const actions = audit.entries.filter((e) => e.target === user.email).map((e) => e.action);
    expect(actions.filter((a) => a === "auth.sign_in_failed")).toHaveLength(5);
    expect(actions).toContain("auth.sign_in_blocked");
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
