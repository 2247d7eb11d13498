import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/session";
import { freshPipelineEnv } from "../support/pipeline-env";
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from "./receivers";

let currentUser: SessionUser | null = null;
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => currentUser }));

const settingsRoute = await import("@/app/api/admin/settings/notifications/route");
const testRoute = await import("@/app/api/admin/settings/notifications/test/route");
const { listAudit } = await import("@/lib/db/audit");
const { getSetting } = await import("@/lib/db/settings");
const { createUser } = await import("@/lib/db/users");

const req = (method: string, body?: unknown) =>
  new NextRequest(new URL("/api/admin/settings/notifications", "http://localhost:3000"), { method, body: body === undefined ? undefined : JSON.stringify(body) });
const ctx = { params: Promise.resolve({}) };

describe("/api/admin/settings/notifications", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  let hook: HttpReceiver;
  let smtp: SmtpReceiver;
  let admin: SessionUser;

  beforeAll(async () => {
    env = await freshPipelineEnv();
    hook = await startHttpReceiver();
    smtp = await startSmtpReceiver();
    const u = await createUser({ email: "admin@example.com", name: "Admin", role: "admin", password: "a long enough password" });
    admin = { id: u.id, email: u.email, name: u.name ?? "Admin", role: "admin" };
  });
  afterAll(async () => {
    await hook.close();
    await smtp.close();
    await env.cleanup();
  });

  it("refuses the signed-out and every role but admin", async () => {
    currentUser = null;
    expect((await settingsRoute.GET(req("GET"), ctx)).status).toBe(401);
    for (const role of ["client", "ops", "manager"] as const) {
      currentUser = { id: "x", email: `${role}@example.com`, name: role, role };
      expect((await settingsRoute.GET(req("GET"), ctx)).status).toBe(403);
      expect((await settingsRoute.PUT(req("PUT", { smtp: null, expectedDay: null }), ctx)).status).toBe(403);
      expect((await testRoute.POST(req("POST"), ctx)).status).toBe(403);
    }
  });

  it("refuses bad input", async () => {
    currentUser = admin;
    for (const bad of [
      { webhookUrl: "ftp://example.com/x", smtp: null, expectedDay: null },
      { webhookUrl: "not a url", smtp: null, expectedDay: null },
      { smtp: null, expectedDay: 31 },
      { smtp: { host: "mail", port: 70000, user: null, from: "a@example.com", to: ["b@example.com"] }, expectedDay: null },
      { smtp: { host: "mail", port: 25, user: null, from: "nobody", to: ["b@example.com"] }, expectedDay: null },
      { smtp: { host: "mail", port: 25, user: null, from: "a@example.com", to: [] }, expectedDay: null },
      { smtp: null, expectedDay: null, extra: true },
      // CR/LF would reach the SMTP conversation as commands of their own.
      { smtp: { host: "127.0.0.1\r\nX: y", port: 25, user: null, from: "a@example.com", to: ["b@example.com"] }, expectedDay: null },
      { smtp: { host: "mail", port: 25, user: "u\r\nRCPT TO:<x@y.z>", from: "a@example.com", to: ["b@example.com"] }, expectedDay: null },
      { smtp: { host: "mail host", port: 25, user: null, from: "a@example.com", to: ["b@example.com"] }, expectedDay: null },
      // Addresses no notification is ever sent to: refused when saved, not at the first send.
      { webhookUrl: "http://169.254.169.254/latest/meta-data/", smtp: null, expectedDay: null },
      { webhookUrl: "http://[::]:3499/", smtp: null, expectedDay: null },
    ]) {
      const res = await settingsRoute.PUT(req("PUT", bad), ctx);
      expect(res.status, JSON.stringify(bad)).toBe(400);
    }
    expect((await testRoute.POST(req("POST"), ctx)).status).toBe(409);
  });

  it("saves, never echoes secrets, keeps a secret left out, audits the change; the test button delivers", async () => {
    currentUser = admin;
    const body = {
      webhookUrl: hook.url,
      smtp: { host: "127.0.0.1", port: smtp.port, user: "notify", password: "s3cret", from: "portal@example.com", to: ["ops@example.com"] },
      expectedDay: 5,
    };
    const put = await settingsRoute.PUT(req("PUT", body), ctx);
    expect(put.status).toBe(200);
    const text = await put.text();
    expect(text).not.toContain("s3cret");
    expect(text).not.toContain(hook.url);
    expect(JSON.parse(text)).toEqual({
      notifications: {
        webhook: { set: true, host: new URL(hook.url).host },
        smtp: { host: "127.0.0.1", port: smtp.port, user: "notify", passwordSet: true, from: "portal@example.com", to: ["ops@example.com"] },
        expectedDay: 5,
      },
    });
    // The page sends the form back without the secrets it never had: they stay.
    const smtpWithoutPassword = { ...body.smtp, password: undefined };
    expect((await settingsRoute.PUT(req("PUT", { smtp: smtpWithoutPassword, expectedDay: 6 }), ctx)).status).toBe(200);
    expect(await getSetting("notify")).toMatchObject({ webhookUrl: hook.url, smtp: { password: "s3cret" }, expectedDay: 6 });
    const get = await (await settingsRoute.GET(req("GET"), ctx)).text();
    expect(get).not.toContain("s3cret");
    expect(get).not.toContain(hook.url);

    const audit = await listAudit({ action: "settings.notifications" });
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain("s3cret");
    expect(audit[1]).toMatchObject({ actorId: admin.id, details: { webhookUrlChanged: true, smtpPasswordChanged: true } });
    expect(audit[0]).toMatchObject({ details: { webhookUrlChanged: false, smtpPasswordChanged: false } });

    const res = await testRoute.POST(req("POST"), ctx);
    expect(await res.json()).toEqual({
      results: [
        { channel: "webhook", ok: true, attempts: 1, error: null },
        { channel: "email", ok: true, attempts: 1, error: null },
      ],
    });
    expect(hook.bodies.at(-1)).toMatchObject({ event: "test" });
    expect(smtp.mails).toHaveLength(1);

    // null removes a channel.
    await settingsRoute.PUT(req("PUT", { webhookUrl: null, smtp: null, expectedDay: null }), ctx);
    expect(await getSetting("notify")).toEqual({ webhookUrl: null, smtp: null, expectedDay: null });
  });
});
