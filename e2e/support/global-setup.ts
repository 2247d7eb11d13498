import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * Starts the PRODUCTION server (`npm start`, built beforehand by `npm run build`) on E2E_PORT with a
 * fresh DATA_DIR and AUTH_SECRET. Builds nothing itself. Before the server starts it runs every
 * `e2e/<journey>/before-server.ts` (with tsx, same DATA_DIR): the embedded database allows one process
 * at a time, so data made by the CLIs (pipeline runs) must exist before the server opens it.
 * Returns the teardown that stops the server and deletes the data.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    throw new Error("No production build found: run `npm run build` before the browser tests.");
  }
  const port = process.env.E2E_PORT;
  const baseURL = process.env.E2E_BASE_URL;
  if (!port || !baseURL) throw new Error("E2E_PORT is set by playwright.config.ts");

  const dataDir = mkdtempSync(path.join(os.tmpdir(), "shoplake-e2e-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATA_DIR: dataDir,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    PORT: port,
    PORTAL_BACKEND: "local",
    NEXT_TELEMETRY_DISABLED: "1",
    // The journeys pose as clients behind a reverse proxy (X-Forwarded-For), as the rate-limit journey
    // needs; e2e/limits starts a server of its own with the default (no trusted proxy).
    TRUST_PROXY: "1",
    // Not the default: the journeys see the shop's currency reach the server's cards and the browser's charts.
    SHOP_CURRENCY: "EUR",
  };
  delete env.DATABASE_URL; // always the embedded database in a fresh directory
  delete env.APP_URL;
  delete env.NEXTAUTH_URL;
  process.env.E2E_DATA_DIR = dataDir; // tests (workers) inherit it

  mkdirSync(path.join(root, "test-results", "screenshots"), { recursive: true });
  runBeforeServerSeeds(env);

  const logPath = path.join(root, "test-results", "server.log");
  const log = createWriteStream(logPath, { flags: "w" });
  // `npm start`'s server (scripts/serve.ts): Next's handler behind the forwarded-header policy.
  const server = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/serve.ts"), "-p", port, "-H", "127.0.0.1"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.pipe(log);
  server.stderr?.pipe(log);

  try {
    await waitForServer(baseURL, server, 60_000);
  } catch (e) {
    server.kill("SIGTERM");
    throw new Error(`${(e as Error).message} (server log: ${logPath})`);
  }

  return async () => {
    await stop(server);
    log.end();
    if (!process.env.E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
  };
}

function runBeforeServerSeeds(env: NodeJS.ProcessEnv): void {
  const e2eDir = path.join(root, "e2e");
  const seeds = readdirSync(e2eDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(e2eDir, d.name, "before-server.ts")))
    // E2E_SEEDS=ops-runs,roles limits the seeding to those journeys (when running only them).
    .filter((d) => !process.env.E2E_SEEDS || process.env.E2E_SEEDS.split(",").includes(d.name))
    .map((d) => path.join(e2eDir, d.name, "before-server.ts"))
    .sort();
  for (const seed of seeds) {
    const started = Date.now();
    const r = spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), seed], {
      cwd: root,
      env,
      stdio: "inherit",
      timeout: 15 * 60_000,
    });
    if (r.status !== 0) throw new Error(`${path.relative(root, seed)} failed (exit ${r.status ?? r.signal})`);
    console.log(`[e2e] ${path.relative(root, seed)} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

async function waitForServer(baseURL: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  server.once("exit", (code) => (exited = code ?? -1));
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`the server exited with code ${exited}`);
    try {
      const res = await fetch(`${baseURL}/login`, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer on ${baseURL} within ${timeoutMs / 1000} s`);
}

async function stop(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const done = new Promise<void>((r) => server.once("exit", () => r()));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), 10_000);
  await done;
  clearTimeout(timer);
}
