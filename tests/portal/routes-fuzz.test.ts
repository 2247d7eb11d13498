// Issue 11, item 13 and "Tests and figures": every route handler, every method, fed hostile path
// parameters, query values and bodies (NUL, CR/LF, 10^6-digit numbers, bad dates, deep JSON, huge
// strings, wrong types) and random ones (fast-check): never a 500. Real database and lake, a real run to
// point the ids at; signed in as an admin (every role check passes, so the handlers' own code runs).
// next-auth's route needs Next's request scope (next/headers), so it is fuzzed over HTTP in
// e2e/limits instead.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import type { SessionUser } from "@/lib/auth/session";
import { fullMonth } from "../support/fixtures";
import { freshPipelineEnv, runBatch } from "../support/pipeline-env";

let currentUser: SessionUser | null = null;
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => currentUser }));

const ROOT = path.resolve(import.meta.dirname, "../..");
const API = path.join(ROOT, "app/api");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
interface Route {
  file: string;
  /** `/api/runs/[id]/logs` */
  pattern: string;
  params: string[];
  methods: Partial<Record<(typeof METHODS)[number], Handler>>;
}

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? routeFiles(p) : name === "route.ts" ? [p] : [];
  });
}

const huge = "x".repeat(200_000);
const digits = "9".repeat(1_000_000);
/** Values no route accepts, or accepts only after checking them properly. */
const HOSTILE: string[] = [
  "",
  "\u0000",
  "a\u0000b",
  "\r\n",
  "line\nbreak",
  "%0A",
  "%00",
  "9".repeat(19),
  "9".repeat(40),
  digits.slice(0, 4000),
  "-1",
  "0",
  "1e309",
  "NaN",
  "Infinity",
  "0000-01",
  "2025-13",
  "2025-99",
  "9999-12",
  "2025-02-30",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "'; DROP TABLE \"User\"; --",
  "\ud800",
  "🦆",
  "00000000-0000-0000-0000-000000000000",
  "bogus",
];
const QUERY_KEYS = ["month", "chart", "status", "limit", "before", "after", "step", "table", "run", "token", "action", "layer"];
const BODIES: string[] = [
  "",
  "{not json",
  "null",
  "true",
  "1",
  "[]",
  "{}",
  '"text"',
  digits,
  JSON.stringify({ name: "a\u0000b", email: "x@example.com", password: "p" }),
  "[".repeat(200_000) + "]".repeat(200_000),
  '{"a":'.repeat(50_000) + "1" + "}".repeat(50_000),
  JSON.stringify({ month: "0000-01", files: [{ fileName: huge, size: 1e308, table: "orders" }] }),
  JSON.stringify({ month: "2025-11", files: [{ fileName: "a\r\nb.csv", size: -1, table: "orders", contentType: "text/html" }] }),
  JSON.stringify({ keys: [huge] }),
  JSON.stringify({ multipart: [{ key: "../x", uploadId: "u", parts: [{ partNumber: 1e9, etag: "e" }] }] }),
  JSON.stringify({ role: "root", active: "yes" }),
  JSON.stringify({ layer: "raw" }),
  JSON.stringify({ __proto__: { admin: true }, constructor: { prototype: { x: 1 } } }),
  JSON.stringify({ name: huge, email: `${huge}@example.com`, password: huge }),
];

let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
const routes: Route[] = [];
/** Real ids, so hostile values in one place meet real data everywhere else. */
const valid: Record<string, string> = {};

beforeAll(async () => {
  env = await freshPipelineEnv();
  const { createUser } = await import("@/lib/db/users");
  const admin = await createUser({ email: "fuzz-admin@example.com", password: "lantern-quietly-harbors", role: "admin" });
  currentUser = { id: admin.id, email: admin.email, name: "Fuzz", role: "admin" };
  const r = await runBatch(path.join(env.dataDir, "in"), "2025-11", fullMonth("2025-11"));
  Object.assign(valid, { id: r.runId, batchId: r.batchId });

  for (const file of routeFiles(API)) {
    const rel = path.relative(API, path.dirname(file)).split(path.sep).join("/");
    if (rel.startsWith("auth/")) continue; // next-auth: see the header comment
    const mod = (await import(file)) as Record<string, unknown>;
    const methods: Route["methods"] = {};
    for (const m of METHODS) if (typeof mod[m] === "function") methods[m] = mod[m] as Handler;
    const params = [...rel.matchAll(/\[(?:\.\.\.)?([^\]]+)\]/g)].map((x) => x[1]!);
    routes.push({ file: rel, pattern: `/api/${rel}`, params, methods });
  }
}, 300_000);
afterAll(async () => {
  // Re-runs and retries the fuzzing started go on in the background: let them end first.
  const { getDb } = await import("@/lib/db/client");
  const { waitForRun } = await import("@/lib/services/runs");
  const db = await getDb();
  for (const r of await db.run.findMany({ where: { status: { in: ["pending", "running"] } }, select: { id: true } })) {
    await waitForRun(r.id, { timeoutMs: 120_000 }).catch(() => undefined);
  }
  await env?.cleanup();
}, 300_000);

const BASE = "http://127.0.0.1:3000";

async function call(route: Route, method: string, opts: { params?: Record<string, string>; query?: Record<string, string>; body?: string }): Promise<Response> {
  // Re-run and retry with a real run would start a pipeline run per call: they get an id that is
  // valid but unknown (their 404 path); every other route gets the real ids.
  const startsRuns = /\/(rerun|retry)$/.test(route.pattern);
  const ids = startsRuns ? { id: "0b0e7a3e-2f0a-4c57-9d7a-2d6c1f3b9a11" } : valid;
  const params = { ...Object.fromEntries(route.params.map((p) => [p, ids[p] ?? "x"])), ...opts.params };
  // The handler reads `params` (what Next decoded); the URL only has to be a valid one.
  const url = new URL(route.pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, p: string) => safeSegment(params[p] ?? "x")), BASE);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const hasBody = method !== "GET" && opts.body !== undefined;
  const req = new NextRequest(url, {
    method,
    headers: { host: "127.0.0.1:3000", ...(hasBody ? { "content-type": "application/json" } : {}) },
    ...(hasBody ? { body: opts.body } : {}),
  });
  return route.methods[method as (typeof METHODS)[number]]!(req, { params: Promise.resolve(params) });
}

function safeSegment(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return "x"; // a lone surrogate has no URL form
  }
}

/** Status under 500, and a 4xx carries the API's error shape with a message. */
async function expectNo500(res: Response, what: string): Promise<void> {
  expect(res.status, `${what} → ${res.status} ${res.status >= 500 ? await res.clone().text() : ""}`).toBeLessThan(500);
  if (res.status >= 400 && res.headers.get("content-type")?.includes("json")) {
    const body = (await res.json()) as { error?: { message?: unknown } };
    expect(typeof body.error?.message, what).toBe("string");
  } else {
    await res.body?.cancel();
  }
}

describe("every route handler against hostile input: never a 500", () => {
  it("found the routes", () => {
    expect(routes.length).toBeGreaterThanOrEqual(18);
  });

  it("hostile path parameters", async () => {
    for (const route of routes) {
      for (const method of Object.keys(route.methods)) {
        for (const p of route.params) {
          for (const v of HOSTILE) await expectNo500(await call(route, method, { params: { [p]: v }, body: "{}" }), `${method} ${route.pattern} ${p}=${JSON.stringify(v.slice(0, 30))}`);
        }
      }
    }
  });

  it("hostile query values", async () => {
    for (const route of routes) {
      for (const method of Object.keys(route.methods)) {
        for (const key of QUERY_KEYS) {
          for (const v of HOSTILE) await expectNo500(await call(route, method, { query: { [key]: v }, body: "{}" }), `${method} ${route.pattern}?${key}=${JSON.stringify(v.slice(0, 30))}`);
        }
      }
    }
  });

  it("hostile bodies", async () => {
    for (const route of routes) {
      for (const method of Object.keys(route.methods)) {
        if (method === "GET") continue;
        for (const body of BODIES) await expectNo500(await call(route, method, { body }), `${method} ${route.pattern} body=${JSON.stringify(body.slice(0, 40))}`);
      }
    }
  });

  it("random strings and JSON (fast-check)", async () => {
    const someRoute = fc.constantFrom(...routes.flatMap((r) => Object.keys(r.methods).map((m) => ({ r, m }))));
    await fc.assert(
      fc.asyncProperty(
        someRoute,
        fc.dictionary(fc.constantFrom(...QUERY_KEYS), fc.string({ unit: "binary", maxLength: 40 }), { maxKeys: 3 }),
        fc.string({ unit: "binary", maxLength: 40 }),
        fc.oneof(fc.json({ maxDepth: 4 }), fc.string({ unit: "binary", maxLength: 200 })),
        async ({ r, m }, query, param, body) => {
          const params = r.params.length > 0 ? { [r.params[0]!]: param } : {};
          await expectNo500(await call(r, m, { query, params, body }), `${m} ${r.pattern} ${JSON.stringify({ query, params, body: body.slice(0, 60) })}`);
        },
      ),
      { numRuns: 300, seed: 1105 },
    );
  });
});
