import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, request as pwRequest, test, type Page } from "@playwright/test";
import { adminApi, BOOTSTRAP_ADMIN, createAccount, loginAs, snap } from "../support";

/** A page on another port of this host (loopback), as the attacker's site in issue 11, item 12. */
async function otherOrigin(html: (portal: string) => string): Promise<{ url: string; close: () => Promise<void> }> {
  const portal = process.env.E2E_BASE_URL!;
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(html(portal));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Collects the CSP violations the page reports (Chromium logs each as a console error). */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test.describe("security headers and the CSP (item 12)", () => {
  test("pages, API answers and static files carry the headers; the app's pages pass their CSP", async ({ page }) => {
    const violations = cspViolations(page);
    await adminApi().then((c) => c.dispose());
    await loginAs(page, BOOTSTRAP_ADMIN);

    const doc = await page.goto("/runs");
    const h = doc!.headers();
    expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(h["x-frame-options"]).toBe("DENY");
    expect(h["x-content-type-options"]).toBe("nosniff");
    expect(h["referrer-policy"]).toBe("same-origin");
    expect(h["strict-transport-security"]).toBeUndefined(); // plain http here
    // Each request gets its own nonce.
    const again = await page.request.get("/runs");
    expect(again.headers()["content-security-policy"]).not.toBe(h["content-security-policy"]);

    const api = await page.request.get("/api/runs");
    expect(api.headers()["content-security-policy"]).toContain("default-src 'none'");
    expect(api.headers()["x-content-type-options"]).toBe("nosniff");
    const script = await page.locator("script[src]").first().getAttribute("src");
    const asset = await page.request.get(script!);
    expect(asset.headers()["x-content-type-options"]).toBe("nosniff");
    // A worker runs under its script's CSP: the app's own chunks may load (the whole-file check), nothing else.
    expect(asset.headers()["content-security-policy"]).toBe("default-src 'none'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    // Behind a trusted proxy that says https, HSTS is sent.
    expect((await page.request.get("/api/runs", { headers: { "x-forwarded-proto": "https" } })).headers()["strict-transport-security"]).toMatch(/max-age=\d+/);

    // Every page of the app works under its CSP: rendered, hydrated (a client-side click works), no violation.
    const runs = (await (await page.request.get("/api/runs?limit=1")).json()) as { runs: { id: string }[] };
    const paths = ["/upload", "/runs", "/dashboard", "/catalog", "/admin", ...(runs.runs[0] ? [`/runs/${runs.runs[0].id}`] : [])];
    for (const p of paths) {
      await page.goto(p);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const dark = await page.evaluate(() => document.documentElement.classList.contains("dark"));
      await page.getByRole("button", { name: "Toggle dark mode" }).filter({ visible: true }).first().click();
      await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains("dark"))).toBe(!dark);
      await page.getByRole("button", { name: "Toggle dark mode" }).filter({ visible: true }).first().click();
    }
    await page.goto("/login");
    expect(violations).toEqual([]);
  });

  test("another site cannot frame the portal, even with the admin signed in", async ({ page }) => {
    await adminApi().then((c) => c.dispose());
    await loginAs(page, BOOTSTRAP_ADMIN);
    const site = await otherOrigin((portal) => `<!doctype html><h1>other site</h1><iframe id="f" src="${portal}/admin" width="800" height="600"></iframe>`);
    try {
      await page.goto(site.url);
      await page.waitForTimeout(1500);
      const frame = page.frames().find((f) => f.url().includes("/admin"));
      // Chromium refuses the document: either no frame for it, or an empty error page in its place.
      const framedAdmin = frame ? await frame.getByRole("heading", { name: "Admin" }).count().catch(() => 0) : 0;
      expect(framedAdmin).toBe(0);
      await snap(page, "framing-refused");
    } finally {
      await site.close();
    }
  });
});

test.describe("sign-in redirects and sessions", () => {
  test("a callbackUrl that leads off the site lands on the portal instead (item 3)", async ({ page }) => {
    const user = await createAccount("ops", "redirect");
    const site = await otherOrigin(() => "<!doctype html><title>landed</title><h1>You left the portal</h1>");
    try {
      const hostPort = new URL(site.url).host;
      for (const trick of [`/%09/${hostPort}/land.html`, `/%5C${hostPort}/land.html`, `//${hostPort}/land.html`, `/%0A/${hostPort}`]) {
        await page.context().clearCookies();
        const res = await page.goto(`/login?callbackUrl=${trick}`);
        expect(res!.status(), trick).toBe(200);
        await page.getByLabel("Email").fill(user.email);
        await page.getByLabel("Password").fill(user.password);
        await page.getByRole("button", { name: "Sign in" }).click();
        // Signed in and sent on: off the sign-in page, and still on the portal.
        await expect(page).not.toHaveURL(/\/login/);
        await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
        expect(new URL(page.url()).origin, trick).toBe(process.env.E2E_BASE_URL);
      }
      // Signed in, a line break in the link (a 500 on main) sends the user home, on the site.
      const signedIn = await page.goto(`/login?callbackUrl=%0A`);
      expect(signedIn!.status()).toBeLessThan(400);
      expect(new URL(page.url()).origin).toBe(process.env.E2E_BASE_URL);
    } finally {
      await site.close();
    }
  });

  test("sign-out ends the session on the server: a copied cookie stops working (item 9)", async ({ page, browser }) => {
    const user = await createAccount("ops", "copied");
    await loginAs(page, user);
    const cookies = await page.context().cookies();
    const thief = await browser.newContext();
    await thief.addCookies(cookies);
    expect((await thief.request.get("/api/runs")).status()).toBe(200);

    await page.goto("/runs");
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login/);

    expect((await thief.request.get("/api/runs")).status()).toBe(401);
    expect(await (await thief.request.get("/api/auth/session")).json()).toEqual({});
    const thiefPage = await thief.newPage();
    await thiefPage.goto("/runs");
    await expect(thiefPage).toHaveURL(/\/login/);
    await thief.close();
  });

  test("the session endpoint reflects the current role and ends with deactivation (item 16)", async ({ page }) => {
    const user = await createAccount("client", "session");
    await loginAs(page, user);
    const session = async () => (await (await page.request.get("/api/auth/session")).json()) as { user?: { role?: string } };
    expect((await session()).user?.role).toBe("client");
    const admin = await adminApi();
    try {
      expect((await admin.patch(`/api/admin/users/${user.id}`, { data: { role: "manager" } })).status()).toBe(200);
      expect((await session()).user?.role).toBe("manager");
      expect((await admin.patch(`/api/admin/users/${user.id}`, { data: { active: false } })).status()).toBe(200);
      expect(await session()).toEqual({});
      // Reactivated, the old cookie stays dead: deactivation ended the session.
      expect((await admin.patch(`/api/admin/users/${user.id}`, { data: { active: true } })).status()).toBe(200);
      expect(await session()).toEqual({});
    } finally {
      await admin.dispose();
    }
  });
});

test.describe("refusals tell nothing and stream nothing", () => {
  test("a refused page answers a redirect status, not 200 with a redirect in the stream (item 17)", async ({ page }) => {
    const client = await createAccount("client", "refused");
    await loginAs(page, client);
    for (const p of ["/admin", "/runs", "/dashboard", "/catalog"]) {
      const res = await page.request.get(p, { maxRedirects: 0 });
      expect(res.status(), p).toBe(307);
      expect(res.headers().location, p).toBe(`/forbidden?from=${encodeURIComponent(p)}`);
      // …to a page that answers 403 (not 200) and names the refused page.
      const landed = await page.request.get(res.headers().location!, { maxRedirects: 0 });
      expect(landed.status(), p).toBe(403);
      expect(await landed.text(), p).toContain("You don’t have access to this page");
    }
    const anon = await pwRequest.newContext({ baseURL: process.env.E2E_BASE_URL });
    const signedOut = await anon.get("/admin", { maxRedirects: 0 });
    expect(signedOut.status()).toBe(307);
    expect(signedOut.headers().location).toMatch(/\/login\?callbackUrl=%2Fadmin$/);
    await anon.dispose();
  });

  test("another client's run and a missing run get the same answer (item 18)", async ({ page }) => {
    const admin = await adminApi();
    const runs = (await (await admin.get("/api/runs?limit=1")).json()) as { runs: { id: string }[] };
    await admin.dispose();
    test.skip(runs.runs.length === 0, "needs a seeded run");
    const client = await createAccount("client", "prober");
    await loginAs(page, client);
    const theirs = await page.request.get(`/api/runs/${runs.runs[0]!.id}`);
    const missing = await page.request.get("/api/runs/00000000-0000-4000-8000-000000000000");
    expect(theirs.status()).toBe(404);
    expect(missing.status()).toBe(404);
    expect(await theirs.json()).toEqual(await missing.json());
    expect((await page.request.get(`/api/runs/${runs.runs[0]!.id}/logs?step=ValidateBatch`)).status()).toBe(404);
  });

  test("the runs API refuses filters it does not know (item 20)", async ({ page }) => {
    await adminApi().then((c) => c.dispose());
    await loginAs(page, BOOTSTRAP_ADMIN);
    const res = await page.request.get("/api/runs?status=bogus&month=2025-99");
    expect(res.status()).toBe(400);
    const fields = ((await res.json()) as { error: { details: { fields: Record<string, string[]> } } }).error.details.fields;
    expect(Object.keys(fields).sort()).toEqual(["month", "status"]);
  });
});
