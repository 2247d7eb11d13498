// The admin routes after their move to lib/portal (reads) and lib/services (changes): the same answers,
// the same audit entries.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "@/lib/auth/session";
import { DEFAULT_GATE } from "@/lib/contracts/gate";
import { freshPipelineEnv } from "../support/pipeline-env";

let currentUser: SessionUser | null = null;
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => currentUser }));

const usersRoute = await import("@/app/api/admin/users/route");
const userRoute = await import("@/app/api/admin/users/[id]/route");
const auditRoute = await import("@/app/api/admin/audit/route");
const gateRoute = await import("@/app/api/admin/settings/quality-gate/route");
const rerunRoute = await import("@/app/api/runs/[id]/rerun/route");
const { createUser } = await import("@/lib/db/users");

const req = (url: string, method: string, body?: unknown) =>
  new NextRequest(new URL(url, "http://localhost:3000"), { method, body: body === undefined ? undefined : JSON.stringify(body) });
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

describe("admin routes", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  let admin: SessionUser;

  beforeAll(async () => {
    env = await freshPipelineEnv();
    const u = await createUser({ email: "admin@example.com", name: "Admin", role: "admin", password: "a long enough password" });
    admin = { id: u.id, email: u.email, name: u.name ?? "Admin", role: "admin" };
    currentUser = admin;
  });
  afterAll(async () => env.cleanup());

  it("creates, lists and changes users; an admin cannot lock themselves out; each change is audited", async () => {
    const created = await usersRoute.POST(req("/api/admin/users", "POST", { name: "Olga", email: "Olga@Example.com", password: "another long password", role: "ops" }), ctx());
    expect(created.status).toBe(201);
    const { user } = (await created.json()) as { user: { id: string; email: string; role: string; active: boolean; createdAt: string; lastLoginAt: null } };
    expect(user).toMatchObject({ email: "olga@example.com", role: "ops", active: true, lastLoginAt: null });
    expect(Object.keys(user).sort()).toEqual(["active", "createdAt", "email", "id", "lastLoginAt", "name", "role"]);
    const taken = await usersRoute.POST(req("/api/admin/users", "POST", { name: "Olga", email: "olga@example.com", password: "another long password", role: "ops" }), ctx());
    expect(taken.status).toBe(409);

    const list = (await (await usersRoute.GET(req("/api/admin/users", "GET"), ctx())).json()) as { users: { email: string }[] };
    expect(list.users.map((u) => u.email).sort()).toEqual(["admin@example.com", "olga@example.com"]);

    const patched = await userRoute.PATCH(req(`/api/admin/users/${user.id}`, "PATCH", { role: "manager", active: false }), ctx({ id: user.id }));
    expect(patched.status).toBe(200);
    expect(((await patched.json()) as { user: { role: string; active: boolean } }).user).toMatchObject({ role: "manager", active: false });
    const self = await userRoute.PATCH(req(`/api/admin/users/${admin.id}`, "PATCH", { role: "ops" }), ctx({ id: admin.id }));
    expect(self.status).toBe(409);
    expect(((await self.json()) as { error: { code: string } }).error.code).toBe("self_lockout");
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await userRoute.PATCH(req(`/api/admin/users/${missing}`, "PATCH", { active: true }), ctx({ id: missing }))).status).toBe(404);

    const audit = (await (await auditRoute.GET(req("/api/admin/audit?action=user.&limit=2", "GET"), ctx())).json()) as {
      entries: { action: string; at: string; actorId: string | null; target: string | null }[];
      next: string | null;
    };
    expect(audit.entries.map((e) => e.action)).toEqual(["user.deactivate", "user.role_change"]);
    expect(audit.entries[0]).toMatchObject({ actorId: admin.id, target: "olga@example.com" });
    expect(typeof audit.entries[0]!.at).toBe("string");
    expect(audit.next).not.toBeNull();
    const rest = (await (await auditRoute.GET(req(`/api/admin/audit?action=user.&limit=2&before=${audit.next}`, "GET"), ctx())).json()) as { entries: { action: string }[]; next: string | null };
    expect(rest).toMatchObject({ entries: [{ action: "user.create" }], next: null });
  });

  it("a name that reverses its own direction (U+202E) is refused: it displayed as another name", async () => {
    const res = await usersRoute.POST(req("/api/admin/users", "POST", { name: "Zero\u202eWidth", email: "rlo@example.com", password: "another long password", role: "ops" }), ctx());
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("may not contain characters that reverse the text's direction");
  });

  it("a name with an invisible character (U+200B) is refused: 'Eve\u200b' looked like 'Eve'; a Persian name's joiner is kept", async () => {
    const res = await usersRoute.POST(req("/api/admin/users", "POST", { name: "Eve\u200b", email: "zwsp@example.com", password: "another long password", role: "ops" }), ctx());
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain("may not contain invisible characters");
    const ok = await usersRoute.POST(req("/api/admin/users", "POST", { name: "Mehr\u200cdad", email: "zwnj@example.com", password: "another long password", role: "ops" }), ctx());
    expect(ok.status).toBe(201);
  });

  it("two admins removing each other at the same moment leave one admin: the second change is refused (both succeeded, and nobody could sign in as admin)", async () => {
    const { changeAccount } = await import("@/lib/services/users");
    const { findById } = await import("@/lib/db/users");
    const b = await createUser({ email: "bea@example.com", name: "Bea", role: "admin", password: "a long enough password" });
    const bea: SessionUser = { id: b.id, email: b.email, name: "Bea", role: "admin" };
    for (const change of [{ active: false }, { role: "ops" as const }]) {
      const results = await Promise.allSettled([
        changeAccount(bea.id, change, { user: admin, ip: null }),
        changeAccount(admin.id, change, { user: bea, ip: null }),
      ]);
      expect(results.map((r) => r.status).sort(), JSON.stringify(change)).toEqual(["fulfilled", "rejected"]);
      const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ status: 409, code: "last_admin" });
      const [x, y] = [await findById(admin.id), await findById(bea.id)];
      expect([x, y].filter((u) => u!.role === "admin" && u!.active)).toHaveLength(1);
      // Put both back for the next change.
      const { setActive, setRole } = await import("@/lib/db/users");
      for (const u of [admin.id, bea.id]) {
        await setRole(u, "admin");
        await setActive(u, true);
      }
    }
  });

  it("reads and saves the quality gate's thresholds, exactly those, audited with before and after", async () => {
    expect(await (await gateRoute.GET(req("/api/admin/settings/quality-gate", "GET"), ctx())).json()).toEqual({ gate: DEFAULT_GATE });
    for (const bad of [{ maxRejectShare: 2, minVolumeShare: 0.5 }, { maxRejectShare: 0.1 }, { maxRejectShare: 0.1, minVolumeShare: 0.5, extra: 1 }]) {
      expect((await gateRoute.PUT(req("/api/admin/settings/quality-gate", "PUT", bad), ctx())).status, JSON.stringify(bad)).toBe(400);
    }
    const saved = await gateRoute.PUT(req("/api/admin/settings/quality-gate", "PUT", { maxRejectShare: 0.1, minVolumeShare: 0.25 }), ctx());
    expect(await saved.json()).toEqual({ gate: { maxRejectShare: 0.1, minVolumeShare: 0.25 } });
    expect(await (await gateRoute.GET(req("/api/admin/settings/quality-gate", "GET"), ctx())).json()).toEqual({ gate: { maxRejectShare: 0.1, minVolumeShare: 0.25 } });
    const audit = (await (await auditRoute.GET(req("/api/admin/audit?action=settings.quality_gate", "GET"), ctx())).json()) as { entries: { details: unknown }[] };
    expect(audit.entries[0]!.details).toEqual({ before: DEFAULT_GATE, after: { maxRejectShare: 0.1, minVolumeShare: 0.25 } });
  });

  it("re-runs only a run that exists (404 run_not_found, nothing audited)", async () => {
    const missing = "00000000-0000-4000-8000-000000000001";
    const res = await rerunRoute.POST(req(`/api/runs/${missing}/rerun`, "POST"), ctx({ id: missing }));
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("run_not_found");
    const audit = (await (await auditRoute.GET(req("/api/admin/audit?action=run.rerun", "GET"), ctx())).json()) as { entries: unknown[] };
    expect(audit.entries).toEqual([]);
  });
});
