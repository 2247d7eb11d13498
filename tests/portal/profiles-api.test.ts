import { beforeAll, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import type { SessionUser } from "@/lib/auth/session";
import { parseProfile, PROFILE_LIMITS, type SourceProfile } from "@/lib/contracts";
import { SAVED_PROFILE_LIMITS, type ProfileView } from "@/lib/profiles/records";
import { describeEachDb } from "../db/helpers/targets";

// The route wrapper reads the session through getSessionUser; the test chooses who is signed in.
let currentUser: SessionUser | null = null;
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => currentUser }));

const list = await import("@/app/api/profiles/route");
const one = await import("@/app/api/profiles/[id]/route");
const exporter = await import("@/app/api/profiles/[id]/export/route");
const importer = await import("@/app/api/profiles/import/route");
const { createUser } = await import("@/lib/db/users");
const { listAudit } = await import("@/lib/db/audit");

const req = (url: string, init?: { method?: string; body?: string; headers?: Record<string, string> }) =>
  new NextRequest(new URL(url, "http://localhost:3000"), init);
const json = (method: string, url: string, body: unknown) => req(url, { method, body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json" } });
const ctx = (params: Record<string, string> = {}) => ({ params: Promise.resolve(params) });

const PROFILE: SourceProfile = {
  name: "Loja Exemplo",
  delimiter: ";",
  encoding: "windows-1252",
  decimal: ",",
  thousands: ".",
  dateOrder: "DMY",
  tables: { orders: { file: "pedidos*.csv", columns: { order_id: "Pedido", status: "Situação" }, values: { status: { Entregue: "delivered" } } } },
};
const PRINT = { fingerprint: "0123456789abcdef", tables: ["orders", "order_items"] };

describeEachDb("profiles API", () => {
  const users: Record<"client" | "admin" | "ops" | "manager", SessionUser> = {} as never;
  beforeAll(async () => {
    for (const role of ["client", "admin", "ops", "manager"] as const) {
      const u = await createUser({ email: `${role}@profiles.test`, password: "pw-long-enough", role, name: role });
      users[role] = { id: u.id, email: u.email, name: role, role };
    }
  });

  it("is open to clients and admins only", async () => {
    currentUser = null;
    expect((await list.GET(req("/api/profiles"), ctx())).status).toBe(401);
    for (const role of ["ops", "manager"] as const) {
      currentUser = users[role];
      expect((await list.GET(req("/api/profiles"), ctx())).status).toBe(403);
      expect((await list.POST(json("POST", "/api/profiles", { profile: PROFILE }), ctx())).status).toBe(403);
      expect((await one.DELETE(req("/api/profiles/x", { method: "DELETE" }), ctx({ id: "x" }))).status).toBe(403);
    }
    for (const role of ["client", "admin"] as const) {
      currentUser = users[role];
      const res = await list.GET(req("/api/profiles"), ctx());
      expect(res.status).toBe(200);
      const body = (await res.json()) as { profiles: ProfileView[]; builtins: { id: string; profile: SourceProfile }[] };
      expect(body.builtins.map((b) => b.id)).toEqual(["olist", "olist-pt-br", "order-lines", "order-lines-pt-br"]);
    }
  });

  it("creates, lists, edits, exports and deletes a profile, auditing each change", async () => {
    currentUser = users.client;
    const created = await list.POST(json("POST", "/api/profiles", { profile: PROFILE, fingerprints: [PRINT] }), ctx());
    expect(created.status).toBe(201);
    const { profile: saved } = (await created.json()) as { profile: ProfileView };
    expect(saved).toMatchObject({ name: "Loja Exemplo", profile: PROFILE, fingerprints: [PRINT], tables: ["orders"], createdBy: "client" });

    const listed = (await (await list.GET(req("/api/profiles"), ctx())).json()) as { profiles: ProfileView[] };
    expect(listed.profiles.map((p) => p.id)).toContain(saved.id);

    // Same name again: refused, not a second copy.
    const dup = await list.POST(json("POST", "/api/profiles", { profile: PROFILE }), ctx());
    expect(dup.status).toBe(409);
    expect((await dup.json()).error.code).toBe("profile_name_taken");

    currentUser = users.admin;
    const changed: SourceProfile = { ...PROFILE, timezone: "America/Sao_Paulo" };
    const patched = await one.PATCH(
      json("PATCH", `/api/profiles/${saved.id}`, { name: "Loja (ERP)", profile: changed, fingerprints: [{ fingerprint: "fedcba9876543210", tables: ["customers"] }] }),
      ctx({ id: saved.id }),
    );
    expect(patched.status).toBe(200);
    const { profile: edited } = (await patched.json()) as { profile: ProfileView };
    expect(edited).toMatchObject({ name: "Loja (ERP)", profile: changed });
    // Fingerprints add up: last month's layout is still recognised.
    expect(edited.fingerprints.map((f) => f.fingerprint)).toEqual(["0123456789abcdef", "fedcba9876543210"]);

    const file = await exporter.GET(req(`/api/profiles/${saved.id}/export`), ctx({ id: saved.id }));
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="loja-erp.profile.json"');
    const text = await file.text();
    expect(parseProfile(text)).toEqual({ ok: true, profile: { ...changed, name: "Loja (ERP)" } });

    const del = await one.DELETE(req(`/api/profiles/${saved.id}`, { method: "DELETE" }), ctx({ id: saved.id }));
    expect(del.status).toBe(204);
    expect((await one.GET(req(`/api/profiles/${saved.id}`), ctx({ id: saved.id }))).status).toBe(404);
    expect((await one.DELETE(req(`/api/profiles/${saved.id}`, { method: "DELETE" }), ctx({ id: saved.id }))).status).toBe(404);

    const audit = await listAudit({ action: "profile." });
    const mine = audit.filter((a) => a.target === saved.id).map((a) => `${a.action}:${a.actorEmail}`);
    expect(mine).toEqual(["profile.delete:admin@profiles.test", "profile.update:admin@profiles.test", "profile.create:client@profiles.test"]);
    expect(audit.find((a) => a.action === "profile.update" && a.target === saved.id)!.details).toMatchObject({ changed: ["name", "profile", "fingerprints"] });
  });

  it("imports a profile file, numbering a name in use, and says what is wrong with a bad one", async () => {
    currentUser = users.client;
    const text = JSON.stringify({ ...PROFILE, name: "Importada" });
    const a = await importer.POST(json("POST", "/api/profiles/import", { text }), ctx());
    const b = await importer.POST(json("POST", "/api/profiles/import", { text }), ctx());
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(((await b.json()) as { profile: ProfileView }).profile.name).toBe("Importada (2)");
    const audit = await listAudit({ action: "profile.import" });
    expect(audit.length).toBeGreaterThanOrEqual(2);

    const bad = await importer.POST(json("POST", "/api/profiles/import", { text: JSON.stringify({ tables: { orders: { columns: { colour: "Cor" } } } }) }), ctx());
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({ code: "invalid_profile", message: expect.stringContaining("tables.orders.columns.colour: colour is not a column of orders") });
    const notJson = await importer.POST(json("POST", "/api/profiles/import", { text: "delimiter=;" }), ctx());
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.message).toContain("not JSON");
  });

  it("answers 400, never 500, to bad input", async () => {
    currentUser = users.client;
    const cases: [string, unknown][] = [
      ["not JSON at all", "{"],
      ["unknown delimiter", { profile: { delimiter: ":" } }],
      ["not a contract column", { profile: { tables: { orders: { columns: { colour: "Cor" } } } } }],
      ["not a table", { profile: { tables: { invoices: {} } } }],
      ["unknown key", { profile: { separator: ";" } }],
      ["decimal = thousands", { profile: { decimal: ",", thousands: "," } }],
      ["bad time zone", { profile: { timezone: "Mars/Olympus" } }],
      ["bad fingerprint", { profile: PROFILE, name: "x", fingerprints: [{ fingerprint: "zz", tables: ["orders"] }] }],
      ["empty name", { profile: PROFILE, name: "  " }],
      ["name too long", { profile: PROFILE, name: "n".repeat(PROFILE_LIMITS.text + 1) }],
      ["too many fingerprints", { profile: PROFILE, name: "y", fingerprints: Array.from({ length: SAVED_PROFILE_LIMITS.fingerprints + 1 }, (_, i) => ({ ...PRINT, fingerprint: i.toString(16).padStart(16, "0") })) }],
      ["no profile", { name: "z" }],
    ];
    for (const [what, body] of cases) {
      const res = await list.POST(json("POST", "/api/profiles", body), ctx());
      expect(res.status, what).toBe(400);
    }
    const noop = await one.PATCH(json("PATCH", "/api/profiles/x", {}), ctx({ id: "x" }));
    expect(noop.status).toBe(400);
    expect((await one.PATCH(json("PATCH", "/api/profiles/nope", { name: "n" }), ctx({ id: "nope" }))).status).toBe(404);
  });

  it("refuses a body over the size limit before parsing it (413)", async () => {
    currentUser = users.client;
    const big = JSON.stringify({ profile: { name: "x".repeat(SAVED_PROFILE_LIMITS.requestBytes) } });
    const res = await list.POST(json("POST", "/api/profiles", big), ctx());
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("body_too_large");
    // A client that lies about (or omits) the length is cut off while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const chunked = new NextRequest(new URL("/api/profiles", "http://localhost:3000"), { method: "POST", body: stream, duplex: "half" } as never);
    expect((await list.POST(chunked, ctx())).status).toBe(413);
    const importBig = await importer.POST(json("POST", "/api/profiles/import", { text: " ".repeat(PROFILE_LIMITS.bytes + 1) }), ctx());
    expect(importBig.status).toBe(400);
  });
});
