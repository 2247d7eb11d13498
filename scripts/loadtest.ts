/**
 * npm run loadtest [-- --seconds 30 --managers 20 --soak 50 --scale 0.2]
 *
 * Bounded load and soak test of the production server (`npm run build` first), on loopback only. It
 * starts `npm start`'s server with a fresh DATA_DIR on a free 127.0.0.1 port and:
 *  1. load: N managers read the dashboard (page and a chart CSV) as fast as they can for S seconds
 *     while two clients upload a month each through the upload API and wait for their runs;
 *     reports p50/p95/max response times per request kind and the server's peak RSS;
 *  2. soak: M small uploads in a row, each to the end of its run, sampling the server's RSS and open
 *     file descriptors after each; reports them at the start and the end and fails if they grow.
 * Every loop is bounded by a count and a deadline; nothing but 127.0.0.1 is contacted.
 * Writes test-results/loadtest.json. Exit 0 when every request answered and the soak stayed flat.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { generateMonths } from "../lib/generator/index";
import { isFinishedRun } from "../lib/contracts/status";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "30" },
    managers: { type: "string", default: "20" },
    soak: { type: "string", default: "50" },
    scale: { type: "string", default: "0.2" },
    "soak-scale": { type: "string", default: "0.01" },
  },
});
const SECONDS = Math.min(300, Number(values.seconds));
const MANAGERS = Math.min(50, Number(values.managers));
const SOAK = Math.min(200, Number(values.soak));
const SCALE = Math.min(1, Number(values.scale));
const SOAK_SCALE = Math.min(0.2, Number(values["soak-scale"]));
const root = path.resolve(import.meta.dirname, "..");
const PASSWORD = "quiet-lantern-harbor-42";

// ---------------------------------------------------------------- server and process figures

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

function procStatus(pid: number, field: "VmRSS" | "VmHWM"): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}
const openFds = (pid: number) => readdirSync(`/proc/${pid}/fd`).length;

// ---------------------------------------------------------------- a tiny HTTP client with cookies

class Client {
  private cookies = new Map<string, string>();
  constructor(readonly base: string) {}
  async fetch(p: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(new URL(p, this.base), { ...init, headers, redirect: "manual" });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  }
  async json<T>(p: string, body?: unknown, method = body === undefined ? "GET" : "POST"): Promise<T> {
    const res = await this.fetch(p, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
  async signIn(email: string): Promise<void> {
    const { csrfToken } = await this.json<{ csrfToken: string }>("/api/auth/csrf");
    const res = await this.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email, password: PASSWORD, json: "true" }),
    });
    const { url } = (await res.json()) as { url: string };
    if (new URL(url, this.base).searchParams.get("error")) throw new Error(`sign-in of ${email} failed: ${url}`);
  }
}

// ---------------------------------------------------------------- uploads through the portal's API

interface Started {
  batchId: string;
  files: { key: string; size: number; target: { kind: string; url: string; headers: Record<string, string> } }[];
}

async function upload(client: Client, month: string, dir: string): Promise<string> {
  const files = readdirSync(dir).filter((f) => f.endsWith(".csv"));
  const started = await client.json<Started>("/api/uploads", {
    month,
    files: files.map((f) => ({ fileName: f, size: statSync(path.join(dir, f)).size, table: f.replace(/\.csv$/, ""), contentType: "text/csv" })),
  });
  for (const f of started.files) {
    const name = files.find((n) => f.key.endsWith(`/${n}`))!;
    const res = await client.fetch(f.target.url, { method: "PUT", headers: f.target.headers, body: readFileSync(path.join(dir, name)) });
    if (!res.ok) throw new Error(`PUT ${name}: ${res.status} ${await res.text()}`);
    await res.body?.cancel();
  }
  const { runId } = await client.json<{ runId: string }>(`/api/uploads/${started.batchId}/complete`, {});
  return waitRun(client, started.batchId, runId);
}

async function waitRun(client: Client, batchId: string, runId: string): Promise<string> {
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    const b = await client.json<{ runs: { id: string; status: string }[] }>(`/api/uploads/${batchId}`);
    const status = b.runs.find((r) => r.id === runId)?.status;
    if (status && isFinishedRun(status)) return status;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`run ${runId} did not end within 10 minutes`);
}

// ---------------------------------------------------------------- figures

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (n: number) => `${n.toFixed(0)} ms`;

async function main(): Promise<number> {
  if (!statSync(path.join(root, ".next", "BUILD_ID"), { throwIfNoEntry: false })) {
    console.error("No production build: run `npm run build` first.");
    return 2;
  }
  const work = mkdtempSync(path.join(os.tmpdir(), "shoplake-loadtest-"));
  const dataDir = path.join(work, "data");
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  try {
    console.log(`[loadtest] generating data (load scale ${SCALE}, soak scale ${SOAK_SCALE})`);
    const months = { dashboard: "2025-09", loadA: "2025-10", loadB: "2025-11" };
    await generateMonths({ outDir: path.join(work, "in"), months: Object.values(months), scale: SCALE, businessTimeZone: "UTC" });
    await generateMonths({ outDir: path.join(work, "soak"), months: ["2025-06"], scale: SOAK_SCALE, businessTimeZone: "UTC" });

    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", DATA_DIR: dataDir, AUTH_SECRET: randomBytes(32).toString("base64url"), PORTAL_BACKEND: "local", NEXT_TELEMETRY_DISABLED: "1" };
    for (const k of ["DATABASE_URL", "APP_URL", "NEXTAUTH_URL", "TRUST_PROXY"]) delete env[k];
    server = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/serve.ts"), "-p", String(port), "-H", "127.0.0.1"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
    const pid = server.pid!;
    const up = Date.now() + 60_000;
    for (;;) {
      try {
        if ((await fetch(`${base}/login`, { redirect: "manual" })).status < 500) break;
      } catch {
        // not yet
      }
      if (Date.now() > up || server.exitCode !== null) throw new Error("the server did not start");
      await new Promise((r) => setTimeout(r, 250));
    }
    console.log(`[loadtest] server pid ${pid} on ${base}, RSS ${procStatus(pid, "VmRSS").toFixed(0)} MB`);

    // Accounts: one admin, two clients, N managers (the admin API, the password policy applies).
    const admin = new Client(base);
    await admin.json("/api/admin/setup", { name: "Load Admin", email: "load-admin@example.test", password: PASSWORD });
    await admin.signIn("load-admin@example.test");
    const make = async (role: string, email: string) => {
      await admin.json("/api/admin/users", { name: email.split("@")[0], email, password: PASSWORD, role });
      const c = new Client(base);
      await c.signIn(email);
      return c;
    };
    const clientA = await make("client", "load-client-a@example.test");
    const clientB = await make("client", "load-client-b@example.test");
    const managers: Client[] = [];
    for (let i = 0; i < MANAGERS; i++) managers.push(await make("manager", `load-manager-${i}@example.test`));

    console.log(`[loadtest] seeding ${months.dashboard} for the dashboard`);
    const seeded = await upload(clientA, months.dashboard, path.join(work, "in", months.dashboard));
    if (seeded !== "succeeded") throw new Error(`the seeding run ended ${seeded}`);

    // ------------------------------------------------------------ load
    console.log(`[loadtest] load: ${MANAGERS} managers on the dashboard for ${SECONDS} s, two uploads running`);
    const rssBefore = procStatus(pid, "VmRSS");
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, procStatus(pid, "VmRSS"))), 100);
    const times: Record<"page" | "csv", number[]> = { page: [], csv: [] };
    const errors: string[] = [];
    const deadline = Date.now() + SECONDS * 1000;
    const uploads = Promise.all([
      upload(clientA, months.loadA, path.join(work, "in", months.loadA)).then((s) => ({ month: months.loadA, status: s, at: Date.now() })),
      upload(clientB, months.loadB, path.join(work, "in", months.loadB)).then((s) => ({ month: months.loadB, status: s, at: Date.now() })),
    ]);
    const loadStart = Date.now();
    const manager = async (c: Client, i: number) => {
      for (let n = 0; n < 100_000 && Date.now() < deadline; n++) {
        const kind = n % 5 === 4 ? "csv" : "page";
        const p = kind === "page" ? `/dashboard?month=${months.dashboard}` : `/api/dashboard/csv?month=${months.dashboard}&chart=${["kpis", "weekly", "categories", "funnel", "country"][i % 5]}`;
        const t0 = performance.now();
        const res = await c.fetch(p);
        await res.arrayBuffer();
        times[kind].push(performance.now() - t0);
        if (res.status !== 200) errors.push(`${p}: ${res.status}`);
      }
    };
    await Promise.all(managers.map(manager));
    const uploaded = await uploads;
    clearInterval(sampler);
    const loadPeakHwm = procStatus(pid, "VmHWM");
    const load = {
      seconds: SECONDS,
      managers: MANAGERS,
      requests: times.page.length + times.csv.length,
      errors: errors.length,
      page: { n: times.page.length, p50: pct(times.page, 50), p95: pct(times.page, 95), max: Math.max(...times.page) },
      csv: { n: times.csv.length, p50: pct(times.csv, 50), p95: pct(times.csv, 95), max: Math.max(...times.csv) },
      uploads: uploaded.map((u) => ({ month: u.month, status: u.status, seconds: (u.at - loadStart) / 1000 })),
      rssBeforeMb: rssBefore,
      rssPeakMb: Math.max(rssPeak, loadPeakHwm),
      uploadRows: SCALE,
    };
    console.log(
      `[loadtest] dashboard page p50 ${ms(load.page.p50)} p95 ${ms(load.page.p95)} (n=${load.page.n}); chart CSV p50 ${ms(load.csv.p50)} p95 ${ms(load.csv.p95)} (n=${load.csv.n}); errors ${errors.length}; uploads ${load.uploads.map((u) => `${u.month} ${u.status} in ${u.seconds.toFixed(1)} s`).join(", ")}; RSS ${rssBefore.toFixed(0)} → peak ${load.rssPeakMb.toFixed(0)} MB`,
    );

    // ------------------------------------------------------------ soak
    console.log(`[loadtest] soak: ${SOAK} uploads in a row`);
    const samples: { run: number; rssMb: number; fds: number; status: string; seconds: number }[] = [];
    const soakDir = path.join(work, "soak", "2025-06");
    for (let i = 0; i < SOAK; i++) {
      const t0 = Date.now();
      const status = await upload(clientA, "2025-06", soakDir);
      samples.push({ run: i + 1, rssMb: procStatus(pid, "VmRSS"), fds: openFds(pid), status, seconds: (Date.now() - t0) / 1000 });
      if ((i + 1) % 10 === 0) console.log(`[loadtest]   run ${i + 1}: RSS ${samples.at(-1)!.rssMb.toFixed(0)} MB, ${samples.at(-1)!.fds} open fds`);
    }
    // Flat: after a warm-up of 5 runs, the last 5 average within 15 % (RSS) and 10 descriptors of runs 6-10.
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const warm = samples.slice(5, 10);
    const last = samples.slice(-5);
    const soak = {
      runs: SOAK,
      failedRuns: samples.filter((s) => s.status !== "succeeded").length,
      first: samples[0],
      afterWarmup: { rssMb: avg(warm.map((s) => s.rssMb)), fds: avg(warm.map((s) => s.fds)) },
      last: { rssMb: avg(last.map((s) => s.rssMb)), fds: avg(last.map((s) => s.fds)) },
      maxRssMb: Math.max(...samples.map((s) => s.rssMb)),
      medianRunSeconds: pct(samples.map((s) => s.seconds), 50),
      samples,
    };
    const flat = soak.last.rssMb <= soak.afterWarmup.rssMb * 1.15 && soak.last.fds <= soak.afterWarmup.fds + 10 && soak.failedRuns === 0;
    console.log(
      `[loadtest] soak: RSS ${soak.first!.rssMb.toFixed(0)} MB (run 1) / ${soak.afterWarmup.rssMb.toFixed(0)} MB (runs 6-10) / ${soak.last.rssMb.toFixed(0)} MB (last 5), max ${soak.maxRssMb.toFixed(0)} MB; open fds ${soak.first!.fds} / ${soak.afterWarmup.fds.toFixed(0)} / ${soak.last.fds.toFixed(0)}; median run ${soak.medianRunSeconds.toFixed(2)} s; ${soak.failedRuns} failed; ${flat ? "flat" : "NOT FLAT"}`,
    );

    mkdirSync(path.join(root, "test-results"), { recursive: true });
    writeFileSync(path.join(root, "test-results", "loadtest.json"), JSON.stringify({ at: new Date().toISOString(), node: process.version, cpus: os.cpus().length, load, soak }, null, 2));
    return errors.length === 0 && load.uploads.every((u) => u.status === "succeeded") && flat ? 0 : 1;
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once("exit", r));
      server.kill("SIGTERM");
      await exited;
    }
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
