import { expect, request as pwRequest, test } from "@playwright/test";
import { adminApi, createAccount, loginAs, snap, BOOTSTRAP_ADMIN } from "../support";
import type { Role } from "../../lib/auth/roles";

const PAGES: Record<string, Role[]> = {
  "/upload": ["client", "admin"],
  "/profiles": ["client", "admin"],
  "/runs": ["ops", "admin"],
  "/dashboard": ["manager", "admin"],
  "/catalog": ["ops", "admin"],
  "/admin": ["admin"],
};

// [method, path, roles allowed]; allowed callers may still get 404 for a made-up id, never 401/403.
const APIS: [string, string, Role[]][] = [
  ["GET", "/api/runs", ["ops", "admin"]],
  ["GET", "/api/runs/00000000-0000-0000-0000-000000000000", ["ops", "admin", "client"]],
  ["POST", "/api/runs/00000000-0000-0000-0000-000000000000/retry", ["ops", "admin"]],
  ["POST", "/api/runs/00000000-0000-0000-0000-000000000000/rerun", ["ops", "admin"]],
  ["GET", "/api/catalog", ["ops", "admin"]],
  ["GET", "/api/profiles", ["client", "admin"]],
  ["POST", "/api/profiles", ["client", "admin"]],
  ["DELETE", "/api/profiles/00000000-0000-0000-0000-000000000000", ["client", "admin"]],
  ["GET", "/api/admin/users", ["admin"]],
  ["GET", "/api/admin/audit", ["admin"]],
  ["POST", "/api/admin/users", ["admin"]],
  ["GET", "/api/admin/settings/notifications", ["admin"]],
  ["PUT", "/api/admin/settings/notifications", ["admin"]],
  ["POST", "/api/admin/settings/notifications/test", ["admin"]],
];

const NAV: Record<Role, string[]> = {
  client: ["Upload", "Profiles"],
  ops: ["Runs", "Catalog"],
  manager: ["Dashboard"],
  admin: ["Upload", "Profiles", "Runs", "Dashboard", "Catalog", "Admin"],
};

test.describe("every role is refused where it does not belong", () => {
  test("signed-out visitors: pages redirect to sign-in, APIs answer 401", async ({ page }) => {
    for (const path of Object.keys(PAGES)) {
      await page.goto(path);
      await expect(page).toHaveURL(new RegExp(`/login\\?callbackUrl=${encodeURIComponent(path)}$`));
    }
    for (const [method, path] of APIS) {
      const res = await page.request.fetch(path, { method, data: method === "POST" ? {} : undefined });
      expect(res.status(), `${method} ${path}`).toBe(401);
      expect((await res.json()).error.code).toBe("unauthenticated");
    }
  });

  for (const role of ["client", "ops", "manager", "admin"] as const) {
    test(`${role}: pages, navigation and API`, async ({ page }) => {
      const account = role === "admin" ? { ...BOOTSTRAP_ADMIN, role } : await createAccount(role);
      if (role === "admin") await adminApi().then((c) => c.dispose()); // makes sure the admin exists
      await loginAs(page, account);

      await page.goto("/");
      const nav = page.getByRole("navigation", { name: "Main" });
      await expect(nav.getByRole("link")).toHaveText(NAV[role]);
      await snap(page, `home-${role}`);

      for (const [path, allowed] of Object.entries(PAGES)) {
        const res = await page.goto(path);
        if (allowed.includes(role)) {
          await expect(page, `${role} may open ${path}`).toHaveURL(new RegExp(`${path}$`));
          expect(res?.status(), `${role} may open ${path}`).toBe(200);
          await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
        } else {
          await expect(page, `${role} is refused ${path}`).toHaveURL(new RegExp(`/forbidden\\?from=${encodeURIComponent(path)}$`));
          // The page it lands on says "not allowed" in its status too, not only in words.
          expect(res?.status(), `${role} is refused ${path}`).toBe(403);
          await expect(page.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();
          await expect(page.getByText(`${path} is not available to the`)).toBeVisible();
          await expect(page).toHaveTitle("Not allowed · ShopLake");
        }
      }
      if (role === "client") await snap(page, "forbidden-client");

      for (const [method, path, allowed] of APIS) {
        const res = await page.request.fetch(path, { method, data: method === "POST" ? {} : undefined });
        if (allowed.includes(role)) expect([200, 400, 404, 409], `${role} ${method} ${path}`).toContain(res.status());
        else {
          expect(res.status(), `${role} ${method} ${path}`).toBe(403);
          expect((await res.json()).error.code).toBe("forbidden");
        }
      }
    });
  }

  test("role changes and deactivation take effect on the next request", async ({ page }) => {
    const user = await createAccount("client", "mover");
    await loginAs(page, user);
    expect((await page.request.get("/api/runs")).status()).toBe(403);

    const admin = await adminApi();
    try {
      const promote = await admin.patch(`/api/admin/users/${user.id}`, { data: { role: "ops" } });
      expect(promote.status()).toBe(200);
      // Same session cookie, new role.
      expect((await page.request.get("/api/runs")).status()).toBe(200);
      await page.goto("/runs");
      await expect(page.getByRole("heading", { name: "Runs", level: 1 })).toBeVisible();

      const deactivate = await admin.patch(`/api/admin/users/${user.id}`, { data: { active: false } });
      expect(deactivate.status()).toBe(200);
      expect((await page.request.get("/api/runs")).status()).toBe(401);
      await page.goto("/runs");
      await expect(page).toHaveURL(/\/login/);

      // A deactivated account cannot sign in again.
      const ctx = await pwRequest.newContext({ baseURL: process.env.E2E_BASE_URL });
      const csrf = (await (await ctx.get("/api/auth/csrf")).json()) as { csrfToken: string };
      const res = await ctx.post("/api/auth/callback/credentials", { form: { csrfToken: csrf.csrfToken, email: user.email, password: user.password, json: "true" } });
      expect(((await res.json()) as { url: string }).url).toContain("error=CredentialsSignin");
      await ctx.dispose();

      // The audit log has both changes.
      const audit = (await (await admin.get("/api/admin/audit?limit=50")).json()) as { entries: { action: string; target: string }[] };
      const mine = audit.entries.filter((e) => e.target === user.email).map((e) => e.action);
      expect(mine).toEqual(expect.arrayContaining(["user.role_change", "user.deactivate", "user.create"]));

      // An admin cannot lock themselves out.
      const me = (await (await admin.get("/api/admin/users")).json()) as { users: { id: string; email: string }[] };
      const self = me.users.find((u) => u.email === BOOTSTRAP_ADMIN.email)!;
      expect((await admin.patch(`/api/admin/users/${self.id}`, { data: { role: "client" } })).status()).toBe(409);
    } finally {
      await admin.dispose();
    }
  });

  test("admins create users and change roles in the page", async ({ page }) => {
    await adminApi().then((c) => c.dispose());
    await loginAs(page, BOOTSTRAP_ADMIN);
    await page.goto("/admin");
    const email = `ui-${Date.now()}@e2e.test`;
    const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Create user" }) });
    await form.getByLabel("Name").fill("Mona Manager");
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Password").fill("short");
    await form.getByLabel("Role").selectOption("manager");
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(form.getByText("Use at least 12 characters.")).toBeVisible();
    // The API also checks the common-password list (the form cannot: the list stays on the server).
    await form.getByLabel("Password").fill("Password2024!");
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(form.getByText("This is one of the most common passwords; choose another.")).toBeVisible();
    await form.getByLabel("Password").fill("lantern-quietly-harbors");
    await form.getByRole("button", { name: "Create user" }).click();
    await expect(page.getByRole("status").filter({ hasText: "User created" })).toBeVisible();
    const users = page.getByRole("table", { name: "Users" });
    await expect(users.getByText(email, { exact: true })).toBeVisible();

    await users.getByLabel(`Role of ${email}`).selectOption("ops");
    await expect(page.getByRole("status").filter({ hasText: `${email} is now Ops` })).toBeVisible();
    await users.getByRole("button", { name: `Deactivate ${email}` }).click();
    await expect(users.getByRole("button", { name: `Reactivate ${email}` })).toBeVisible();
    await expect(page.getByRole("table", { name: "Audit log" }).getByText("user.deactivate").first()).toBeVisible();
    await snap(page, "admin-users");
  });
});
