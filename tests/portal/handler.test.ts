import { beforeEach, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { z } from "zod";
import type { SessionUser } from "@/lib/auth/session";

// The wrapper reads the session through getSessionUser; tests choose who is signed in.
let currentUser: SessionUser | null = null;
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => currentUser }));

const { handler } = await import("@/lib/http/handler");
const { AppError } = await import("@/lib/errors");

const ops: SessionUser = { id: "u1", email: "ops@example.com", name: "Ops", role: "ops" };
const client: SessionUser = { id: "u2", email: "c@example.com", name: "C", role: "client" };

const req = (url: string, init?: { method?: string; body?: string; headers?: Record<string, string> }) =>
  new NextRequest(new URL(url, "http://localhost:3000"), init);
const ctx = (params: Record<string, string | string[]> = {}) => ({ params: Promise.resolve(params) });

describe("route handler wrapper", () => {
  beforeEach(() => {
    currentUser = null;
  });

  it("answers 401 without a session", async () => {
    const h = handler({ roles: ["ops"] }, async () => ({ ok: true }));
    const res = await h(req("/api/x"), ctx());
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
  });

  it("answers 401 when roles are omitted (any signed-in user) and nobody is signed in", async () => {
    const res = await handler({}, async () => ({}))(req("/api/x"), ctx());
    expect(res.status).toBe(401);
  });

  it("answers 403 for a role that is not listed", async () => {
    currentUser = client;
    const fn = vi.fn(async () => ({ ok: true }));
    const res = await handler({ roles: ["ops", "admin"] }, fn)(req("/api/x"), ctx());
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
    expect(fn).not.toHaveBeenCalled();
  });

  it("lets public handlers run without a session", async () => {
    const res = await handler({ roles: "public" }, async ({ user }) => ({ user }))(req("/api/x"), ctx());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: null });
  });

  it("passes user, parsed query, flattened params and ip; returns plain objects as JSON", async () => {
    currentUser = ops;
    const h = handler({ roles: ["ops"], query: z.object({ limit: z.coerce.number().int().max(100) }) }, async (c) => ({
      user: c.user?.email,
      limit: c.query.limit,
      params: c.params,
      ip: c.ip,
    }));
    const res = await h(req("/api/x?limit=7", { headers: { "x-forwarded-for": "10.0.0.9, 192.168.1.5" } }), ctx({ id: "r1", path: ["a", "b"] }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: "ops@example.com", limit: 7, params: { id: "r1", path: "a/b" }, ip: "192.168.1.5" });
  });

  it("accepts the undefined params Next passes to static routes", async () => {
    currentUser = ops;
    const res = await handler({}, async ({ params }) => ({ params }))(req("/api/x"), { params: Promise.resolve(undefined) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ params: {} });
  });

  it("answers 400 with field details for a bad query", async () => {
    currentUser = ops;
    const h = handler({ query: z.object({ limit: z.coerce.number().int().max(100) }) }, async () => ({}));
    const res = await h(req("/api/x?limit=500"), ctx());
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("invalid_query");
    expect(Object.keys(body.error.details.fields)).toEqual(["limit"]);
  });

  it("answers 400 with field details for a bad body, and for malformed JSON", async () => {
    currentUser = ops;
    const h = handler({ body: z.object({ email: z.email(), role: z.enum(["ops", "client"]) }) }, async ({ body }) => body);
    const bad = await h(req("/api/x", { method: "POST", body: JSON.stringify({ email: "nope", role: "ops" }) }), ctx());
    expect(bad.status).toBe(400);
    const details = (await bad.json()).error.details;
    expect(details.fields.email).toHaveLength(1);
    expect(details.fields.role).toBeUndefined();

    const malformed = await h(req("/api/x", { method: "POST", body: "{not json" }), ctx());
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("invalid_json");

    const good = await h(req("/api/x", { method: "POST", body: JSON.stringify({ email: "a@b.co", role: "client" }) }), ctx());
    expect(good.status).toBe(200);
    expect(await good.json()).toEqual({ email: "a@b.co", role: "client" });
  });

  it("maps AppError to its status and body", async () => {
    currentUser = ops;
    const h = handler({}, async () => {
      throw new AppError(409, "run_not_failed", "Only failed runs can be retried.", { status: "running" });
    });
    const res = await h(req("/api/x"), ctx());
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: { code: "run_not_failed", message: "Only failed runs can be retried.", details: { status: "running" } },
    });
  });

  it("maps an AppError of another copy of the class (another bundle's code, through the shared backend) too: it answered 500", async () => {
    currentUser = ops;
    // The class as a second bundle of lib/errors.ts defines it: same name and shape, another identity.
    class OtherAppError extends Error {
      override name = "AppError";
      constructor(readonly status: number, readonly code: string, message: string) {
        super(message);
      }
    }
    const res = await handler({}, async () => {
      throw new OtherAppError(400, "bad_cursor", "after must be the next of a previous page of this log");
    })(req("/api/x"), ctx());
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("bad_cursor");
  });

  it("logs unexpected errors and answers 500 without leaking them", async () => {
    currentUser = ops;
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const res = await handler({}, async () => {
      throw new Error("database password is hunter2");
    })(req("/api/x"), ctx());
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain("hunter2");
    expect(log).toHaveBeenCalledTimes(1);
    expect(String(log.mock.calls[0]?.[1])).toContain("hunter2");
    log.mockRestore();
  });

  it("passes Responses through and turns undefined into 204", async () => {
    currentUser = ops;
    const csv = await handler({}, async () => new Response("a,b\n", { headers: { "content-type": "text/csv" } }))(req("/api/x"), ctx());
    expect(csv.headers.get("content-type")).toBe("text/csv");
    expect(await csv.text()).toBe("a,b\n");
    const none = await handler({}, async () => undefined)(req("/api/x"), ctx());
    expect(none.status).toBe(204);
  });

  it("refuses writes from a foreign Origin", async () => {
    currentUser = ops;
    const h = handler({}, async () => ({ ok: true }));
    const foreign = await h(req("/api/x", { method: "POST", headers: { origin: "https://evil.example", host: "localhost:3000" } }), ctx());
    expect(foreign.status).toBe(403);
    const same = await h(req("/api/x", { method: "POST", headers: { origin: "http://localhost:3000", host: "localhost:3000" } }), ctx());
    expect(same.status).toBe(200);
  });

  // Issue 11, item 2: a body limit per route, checked before anything is read.
  describe("body limits", () => {
    it("answers 413 from Content-Length alone, before the session or the body is touched", async () => {
      currentUser = null;
      const fn = vi.fn(async () => ({}));
      const h = handler({ roles: "public", body: z.object({}) }, fn);
      const body = new ReadableStream<Uint8Array>({
        pull() {
          throw new Error("the body must not be read");
        },
      });
      const res = await h(req("/api/x", { method: "POST", body: body as never, headers: { "content-length": String(400 * 1024 * 1024) }, duplex: "half" } as never), ctx());
      expect(res.status).toBe(413);
      expect((await res.json()).error.code).toBe("body_too_large");
      expect(fn).not.toHaveBeenCalled();
      // A signed-in route answers 413 before 401 too: no work for an oversized request.
      const signedIn = await handler({ body: z.object({}) }, fn)(req("/api/x", { method: "POST", headers: { "content-length": "2000000" } }), ctx());
      expect(signedIn.status).toBe(413);
    });

    it("stops reading a body without Content-Length one chunk past the limit", async () => {
      currentUser = ops;
      let pulled = 0;
      const chunk = new Uint8Array(64 * 1024).fill(0x20);
      const endless = new ReadableStream<Uint8Array>({
        pull(c) {
          pulled++;
          c.enqueue(chunk);
        },
      });
      const h = handler({ body: z.object({}) }, async () => ({}));
      const res = await h(req("/api/x", { method: "POST", body: endless as never, duplex: "half" } as never), ctx());
      expect(res.status).toBe(413);
      expect(pulled * chunk.length).toBeLessThan(1024 * 1024 + 4 * chunk.length);
    });

    it("a route may set its own limit", async () => {
      currentUser = ops;
      const h = handler({ bodyLimit: 10, body: z.object({ a: z.string() }) }, async ({ body }) => body);
      expect((await h(req("/api/x", { method: "POST", body: '{"a":"x"}' }), ctx())).status).toBe(200);
      expect((await h(req("/api/x", { method: "POST", body: '{"a":"xxxxxx"}' }), ctx())).status).toBe(413);
    });
  });

  // Issue 11, item 13: hostile values are a 400 with a message, never a 500.
  describe("input hygiene", () => {
    it("refuses control characters in query and path values", async () => {
      currentUser = ops;
      const h = handler({}, async () => ({}));
      const q = await h(req("/api/x?after=a%00b"), ctx());
      expect(q.status).toBe(400);
      expect((await q.json()).error).toMatchObject({ code: "invalid_query", message: expect.stringContaining("control characters") });
      expect((await h(req("/api/x"), ctx({ id: "run\r\nid" }))).status).toBe(400);
      expect((await h(req("/api/x"), ctx({ id: "x".repeat(5000) }))).status).toBe(400);
    });

    it("validates path parameters with the route's schema", async () => {
      currentUser = ops;
      const h = handler({ params: z.object({ id: z.uuid() }) }, async ({ params }) => params);
      const bad = await h(req("/api/x"), ctx({ id: "not-a-uuid" }));
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.details.fields.id).toHaveLength(1);
      const id = "0b0e7a3e-2f0a-4c57-9d7a-2d6c1f3b9a11";
      expect(await (await h(req("/api/x"), ctx({ id }))).json()).toEqual({ id });
    });

    it("refuses NUL in JSON strings and JSON nested deeper than any route takes", async () => {
      currentUser = ops;
      const h = handler({ body: z.unknown() }, async () => ({ ok: true }));
      const nul = await h(req("/api/x", { method: "POST", body: JSON.stringify({ name: "a\u0000b" }) }), ctx());
      expect(nul.status).toBe(400);
      expect((await nul.json()).error.code).toBe("invalid_characters");
      const deep = await h(req("/api/x", { method: "POST", body: "[".repeat(100_000) + "]".repeat(100_000) }), ctx());
      expect(deep.status).toBe(400);
      expect((await deep.json()).error.code).toBe("too_deep");
      // A __proto__ field deep inside (a record's key) was dropped silently; at the top an object refused it.
      const proto = await h(req("/api/x", { method: "POST", body: '{"profile":{"tables":{"__proto__":{"file":"x"}}}}' }), ctx());
      expect(proto.status).toBe(400);
      expect((await proto.json()).error.code).toBe("invalid_key");
      const invalidUtf8 = await h(req("/api/x", { method: "POST", body: new Uint8Array([0x7b, 0xff, 0x7d]) as never }), ctx());
      expect(invalidUtf8.status).toBe(400);
    });

    it("public routes never look up a session", async () => {
      currentUser = ops;
      const res = await handler({ roles: "public" }, async ({ user }) => ({ user }))(req("/api/x"), ctx());
      expect(await res.json()).toEqual({ user: null });
    });
  });

  // Issue 11, item 12: every API answer carries a CSP that allows nothing; HSTS only under https.
  it("adds the API's security headers, HSTS only under https", async () => {
    currentUser = ops;
    const h = handler({}, async () => ({ ok: true }));
    const plain = await h(req("/api/x"), ctx());
    expect(plain.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(plain.headers.get("strict-transport-security")).toBeNull();
    const secure = await h(req("/api/x", { headers: { "x-forwarded-proto": "https" } }), ctx());
    expect(secure.headers.get("strict-transport-security")).toMatch(/^max-age=\d+/);
    const denied = await handler({ roles: ["admin"] }, async () => ({}))(req("/api/x"), ctx());
    expect(denied.status).toBe(403);
    expect(denied.headers.get("content-security-policy")).toContain("default-src 'none'");
  });
});
