import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { expect, request as pwRequest, test, type APIRequestContext } from "@playwright/test";
import { freePortSync } from "../support/free-port";

/**
 * Issue 11, items 2 and 4, against a production server of its own: the default configuration (no
 * trusted proxy) and a fresh database, so its memory is measured alone (the server's RSS is read from
 * /proc while the requests run). Loopback only.
 */
const root = path.resolve(import.meta.dirname, "../..");
const port = freePortSync();
const base = `http://127.0.0.1:${port}`;
const ADMIN = { name: "Lim Admin", email: "limits-admin@e2e.test", password: "quiet-lantern-harbor-42" };
const MB = 1024 * 1024;

let server: ChildProcess;
let dataDir: string;
/** Milliseconds from spawn until the server took its database's lock, before any request (null: it did not). */
let dbOpenedUnasked: number | null = null;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "shoplake-e2e-limits-"));
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", DATA_DIR: dataDir, AUTH_SECRET: randomBytes(32).toString("base64url"), PORTAL_BACKEND: "local", NEXT_TELEMETRY_DISABLED: "1" };
  for (const k of ["DATABASE_URL", "APP_URL", "NEXTAUTH_URL", "TRUST_PROXY"]) delete env[k];
  server = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/serve.ts"), "-p", String(port), "-H", "127.0.0.1"], { cwd: root, env, stdio: "ignore" });
  const spawned = Date.now();
  // No request yet: the server opens its embedded database while Next starts (scripts/serve.ts).
  while (Date.now() - spawned < 30_000 && server.exitCode === null) {
    if (existsSync(path.join(dataDir, "pglite.lock"))) {
      dbOpenedUnasked = Date.now() - spawned;
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/login`, { redirect: "manual" })).status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || server.exitCode !== null) throw new Error("the limits server did not start");
    await new Promise((r) => setTimeout(r, 250));
  }
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const rssMb = (): number => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
};

/** Samples the server's RSS every 20 ms while `work` runs; returns the peak and the result. */
async function watchRss<T>(work: () => Promise<T>): Promise<{ peak: number; result: T }> {
  let peak = rssMb();
  const timer = setInterval(() => (peak = Math.max(peak, rssMb())), 20);
  try {
    const result = await work();
    peak = Math.max(peak, rssMb());
    return { peak, result };
  } finally {
    clearInterval(timer);
  }
}

/**
 * POSTs a body of `bytes` zeros as a client would stream it (with or without Content-Length), stopping
 * as soon as the server answers. Returns the status and how long the answer took.
 */
function bigPost(urlPath: string, bytes: number, opts: { declared: boolean; headers?: Record<string, string> }): Promise<{ status: number; ms: number; sent: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let sent = 0;
    let answered = false;
    const req = http.request(`${base}${urlPath}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(opts.declared ? { "content-length": String(bytes) } : {}), ...opts.headers },
    });
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    req.on("response", (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, ms: Date.now() - started, sent });
      req.destroy();
    });
    req.on("error", (e) => (answered ? undefined : reject(e)));
    const pump = () => {
      while (!answered && sent < bytes) {
        const n = Math.min(chunk.length, bytes - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

test("the server opens its database at start, before any request, and its pages use that one", async () => {
  // The pages' own opening would fail on the lock ("open in this process already") had they not shared it.
  expect(dbOpenedUnasked, "the server took no database lock before its first request").not.toBeNull();
  expect((await fetch(`${base}/login`, { redirect: "manual" })).status).toBeLessThan(500);
});

test("a 400 MB anonymous body is refused at once, without the server reading it (item 2)", async () => {
  const before = rssMb();
  const { peak, result } = await watchRss(() => Promise.all([0, 1, 2].map(() => bigPost("/api/admin/setup", 400 * MB, { declared: true }))));
  for (const r of result) {
    expect(r.status).toBe(413);
    expect(r.ms).toBeLessThan(2_000);
  }
  // The reference run on main: 691 MB → 3.33 GB for three of these at once.
  expect(peak - before, `RSS ${before.toFixed(0)} → ${peak.toFixed(0)} MB`).toBeLessThan(64);
});

test("a body without Content-Length is cut off one chunk past the route's limit (item 2)", async () => {
  const before = rssMb();
  const { peak, result } = await watchRss(() => bigPost("/api/admin/setup", 400 * MB, { declared: false }));
  expect(result.status).toBe(413);
  expect(result.sent).toBeLessThan(64 * MB);
  expect(peak - before, `RSS ${before.toFixed(0)} → ${peak.toFixed(0)} MB`).toBeLessThan(64);
});

test.describe("signed in", () => {
  let api: APIRequestContext;
  test.beforeAll(async () => {
    api = await pwRequest.newContext({ baseURL: base });
    expect((await api.post("/api/admin/setup", { data: ADMIN })).status()).toBe(201);
    const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await api.post("/api/auth/callback/credentials", { form: { csrfToken, email: ADMIN.email, password: ADMIN.password, json: "true" } });
    expect(res.ok()).toBeTruthy();
  });
  test.afterAll(async () => api?.dispose());

  test("a 50 MB body to a signed-in route is a 413 (item 2)", async () => {
    const cookie = (await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    const r = await bigPost("/api/catalog/refresh", 50 * MB, { declared: true, headers: { cookie } });
    expect(r.status).toBe(413);
    // next-auth's own routes are behind the same wrapper.
    const auth = await bigPost("/api/auth/callback/credentials", 5 * MB, { declared: true });
    expect(auth.status).toBe(413);
  });

  test("without a trusted proxy, X-Forwarded-For is not the caller's address (item 4)", async () => {
    const attacker = await pwRequest.newContext({ baseURL: base });
    for (let i = 0; i < 5; i++) {
      const { csrfToken } = (await (await attacker.get("/api/auth/csrf")).json()) as { csrfToken: string };
      await attacker.post("/api/auth/callback/credentials", {
        form: { csrfToken, email: ADMIN.email, password: "wrong-password", json: "true" },
        headers: { "x-forwarded-for": `203.0.113.${i}`, "x-real-ip": `203.0.113.${i}` },
      });
    }
    // A sixth claimed address does not help: the five came from one socket, which now waits.
    const { csrfToken } = (await (await attacker.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const sixth = await attacker.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: ADMIN.email, password: ADMIN.password, json: "true" },
      headers: { "x-forwarded-for": "203.0.113.99" },
    });
    expect(new URL(((await sixth.json()) as { url: string }).url).searchParams.get("error")).toMatch(/^RateLimited:\d+$/);
    await attacker.dispose();
    // The audit log records the socket's address, never the claimed ones.
    const audit = (await (await api.get("/api/admin/audit?action=auth.sign_in_failed&limit=50")).json()) as { entries: { ip: string }[] };
    expect(audit.entries.length).toBeGreaterThanOrEqual(5);
    for (const e of audit.entries) expect(e.ip).toBe("127.0.0.1");
  });

  test("without a trusted proxy, X-Forwarded-Host does not pass the origin check (item 4)", async () => {
    const res = await api.post("/api/catalog/refresh", {
      data: { layer: "processed" },
      headers: { origin: "http://evil.example", "x-forwarded-host": "evil.example" },
    });
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("bad_origin");
  });

  test("next-auth's routes answer hostile input without a 500 (item 13)", async () => {
    const anon = await pwRequest.newContext({ baseURL: base });
    const paths = ["/api/auth/%00", "/api/auth/session%0A", "/api/auth/callback/%3Cscript%3E", "/api/auth/" + "x".repeat(5000), "/api/auth/csrf?x=%00", "/api/auth/signin/credentials"];
    for (const p of paths) {
      for (const method of ["GET", "POST"] as const) {
        const res = await anon.fetch(p, { method, data: method === "POST" ? "{not json" : undefined, headers: { "content-type": "application/json" } });
        expect(res.status(), `${method} ${p}`).toBeLessThan(500);
      }
    }
    const forms: Record<string, string>[] = [{ email: "a\u0000b", password: "x" }, { email: "x".repeat(10_000), password: "y".repeat(10_000) }, { csrfToken: "\r\n" }];
    for (const form of forms) {
      const res = await anon.post("/api/auth/callback/credentials", { form: { ...form, json: "true" } });
      expect(res.status()).toBeLessThan(500);
    }
    // A callbackUrl with a line break or a tab trick renders the sign-in page (item 3, item 13).
    for (const cb of ["%0A", "/%0A/evil", "/%09/127.0.0.1:1/land.html", "%00"]) {
      const res = await anon.get(`/login?callbackUrl=${cb}`, { maxRedirects: 0 });
      expect(res.status(), cb).toBe(200);
    }
    await anon.dispose();
  });
});

test("stopping the server closes its database cleanly: exit 0, the lock released, PGlite marked shut down", async () => {
  const exited = new Promise<number | null>((r) => server.once("exit", (code) => r(code)));
  server.kill("SIGTERM");
  expect(await exited).toBe(0);
  expect(existsSync(path.join(dataDir, "pglite.lock"))).toBe(false);
  // pg_control's state (offset 16): 1 = shut down, 6 = in production (a crash, recovered at the next start).
  expect(readFileSync(path.join(dataDir, "pglite", "global", "pg_control")).readUInt32LE(16)).toBe(1);
});
