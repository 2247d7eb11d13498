import { expect, request as pwRequest, type APIRequestContext, type Page } from "@playwright/test";
import { BOOTSTRAP_ADMIN, newAccount, type TestAccount } from "./accounts";
import type { Role } from "../../lib/auth/roles";

const baseURL = () => {
  const u = process.env.E2E_BASE_URL;
  if (!u) throw new Error("E2E_BASE_URL is set by playwright.config.ts");
  return u;
};

export interface SignInResult {
  ok: boolean;
  /** next-auth's error code (e.g. CredentialsSignin, RateLimited:840) when not ok. */
  error: string | null;
}

/**
 * Signs in through next-auth's credentials endpoint (no form). With `page.request` the session cookie
 * lands in the page's browser context; `headers` lets a test pose as another address.
 */
export async function signInViaApi(
  request: APIRequestContext,
  email: string,
  password: string,
  headers?: Record<string, string>,
): Promise<SignInResult> {
  const csrf = await request.get("/api/auth/csrf", { headers });
  expect(csrf.ok()).toBeTruthy();
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
    headers,
    maxRedirects: 0,
  });
  const body = (await res.json().catch(() => ({}))) as { url?: string };
  const error = body.url ? new URL(body.url, baseURL()).searchParams.get("error") : `HTTP ${res.status()}`;
  return { ok: res.ok() && !error, error };
}

export async function loginAs(page: Page, account: { email: string; password: string }): Promise<void> {
  const r = await signInViaApi(page.request, account.email, account.password);
  expect(r, `sign-in of ${account.email}`).toEqual({ ok: true, error: null });
}

/** Makes sure the bootstrap admin exists (created now if the database is still empty). */
export async function ensureAdmin(request: APIRequestContext): Promise<void> {
  const res = await request.post("/api/admin/setup", { data: BOOTSTRAP_ADMIN });
  expect([201, 409]).toContain(res.status());
}

/** A request context signed in as the bootstrap admin; dispose() it when done. */
export async function adminApi(): Promise<APIRequestContext> {
  const ctx = await pwRequest.newContext({ baseURL: baseURL() });
  await ensureAdmin(ctx);
  const r = await signInViaApi(ctx, BOOTSTRAP_ADMIN.email, BOOTSTRAP_ADMIN.password);
  expect(r.ok, `bootstrap admin sign-in: ${r.error}`).toBeTruthy();
  return ctx;
}

/** Creates a user through the admin API and returns its credentials. */
export async function createAccount(role: Role, tag?: string): Promise<TestAccount & { id: string }> {
  const account = newAccount(role, tag);
  const admin = await adminApi();
  try {
    const res = await admin.post("/api/admin/users", { data: account });
    expect(res.status(), await res.text()).toBe(201);
    const { user } = (await res.json()) as { user: { id: string } };
    return { ...account, id: user.id };
  } finally {
    await admin.dispose();
  }
}
