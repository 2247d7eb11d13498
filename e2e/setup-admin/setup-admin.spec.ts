import { expect, test } from "@playwright/test";
import { BOOTSTRAP_ADMIN, snap } from "../support";

// Runs first (its own project): the database is still empty.
test("the first visit sets up the admin, who lands signed in on the admin page", async ({ page, browser }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Create the administrator" })).toBeVisible();
  await snap(page, "setup-empty");

  // Mismatched confirmation is caught before anything is sent.
  await page.getByLabel("Name").fill(BOOTSTRAP_ADMIN.name);
  await page.getByLabel("Email").fill(BOOTSTRAP_ADMIN.email);
  await page.getByLabel("Password", { exact: true }).fill(BOOTSTRAP_ADMIN.password);
  await page.getByLabel("Confirm password").fill("something-else-entirely");
  await page.getByRole("button", { name: "Create administrator" }).click();
  await expect(page.getByText("The passwords do not match")).toBeVisible();
  await snap(page, "setup-validation");

  await page.getByLabel("Confirm password").fill(BOOTSTRAP_ADMIN.password);
  await page.getByRole("button", { name: "Create administrator" }).click();

  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Admin", level: 1 })).toBeVisible();
  const users = page.getByRole("table", { name: "Users" });
  await expect(users.getByText(BOOTSTRAP_ADMIN.email, { exact: true })).toBeVisible();
  // The audit log recorded the setup and the sign-in.
  const audit = page.getByRole("table", { name: "Audit log" });
  await expect(audit.getByText("setup.first_admin")).toBeVisible();
  await expect(audit.getByText("auth.sign_in", { exact: true })).toBeVisible();
  await snap(page, "admin-after-setup");

  // Setup is one-time: the API refuses, and a signed-out visitor is sent to sign in.
  const again = await page.request.post("/api/admin/setup", { data: { name: "X", email: "x@e2e.test", password: "amber-otter-sails-north" } });
  expect(again.status()).toBe(409);
  const fresh = await browser.newContext();
  const visitor = await fresh.newPage();
  await visitor.goto("/setup");
  await expect(visitor).toHaveURL(/\/login$/);
  await expect(visitor.getByRole("button", { name: "Sign in" })).toBeVisible();
  await snap(visitor, "login");
  await fresh.close();

  // Sign out, then back in through the form.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fadmin$/);
  await page.getByLabel("Email").fill(BOOTSTRAP_ADMIN.email);
  await page.getByLabel("Password").fill("wrong-password-here");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect." })).toBeVisible();
  await snap(page, "login-error");
  await page.getByLabel("Password").fill(BOOTSTRAP_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
});
