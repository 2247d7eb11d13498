// npm run demo: demo users, three generated months run through the pipeline, then the portal.
// Everything lands in DATA_DIR (default ./data); run it on a fresh DATA_DIR for a clean demo.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { config } from "../lib/config";
import { addMonths, monthOfDate } from "../lib/contracts/months";
import { closeDb } from "../lib/db/client";
import { closeBackend } from "../lib/wiring";
import type { Role } from "../lib/auth/roles";
import { createUser, findByEmail, listUsers } from "../lib/db/users";
import { generateMonths } from "../lib/generator";
import { waitForRun } from "../lib/services/runs";
import { uploadFiles } from "../lib/services/upload-files";

const MONTHS = lastMonths(3);
const USERS: { email: string; role: Role }[] = [
  { email: "admin@demo.local", role: "admin" },
  { email: "ops@demo.local", role: "ops" },
  { email: "client@demo.local", role: "client" },
  { email: "manager@demo.local", role: "manager" },
];
const PASSWORD = "demo-password-123";

function lastMonths(n: number): string[] {
  const now = monthOfDate(new Date());
  return Array.from({ length: n }, (_, i) => addMonths(now, i - n));
}

async function main() {
  const c = config();
  console.log(`demo data in ${path.resolve(c.DATA_DIR)}\n`);
  // The demo adds an admin whose password it prints: never into a portal that has users of its own.
  const others = (await listUsers()).filter((u) => !USERS.some((d) => d.email === u.email));
  if (others.length > 0) {
    console.error(`${path.resolve(c.DATA_DIR)} already has ${others.length} user(s) of its own: the demo adds accounts with a known password. Run it with another DATA_DIR.`);
    await closeDb();
    process.exit(2);
  }
  for (const u of USERS) {
    if (!(await findByEmail(u.email))) await createUser({ email: u.email, password: PASSWORD, role: u.role, name: `Demo ${u.role}` });
  }
  console.log("demo users (password for all: " + PASSWORD + ")");
  for (const u of USERS) console.log(`  ${u.role.padEnd(8)} ${u.email}`);

  const scale = Number(process.env.DEMO_SCALE ?? "0.2");
  const outDir = path.join(c.DATA_DIR, "demo-csv");
  console.log(`\ngenerating ${MONTHS.join(", ")} at scale ${scale}…`);
  const files = await generateMonths({ outDir, months: MONTHS, scale, seed: 42, businessTimeZone: c.BUSINESS_TIMEZONE });
  for (const month of MONTHS) {
    const monthFiles = files.filter((f) => f.month === month).map((f) => ({ path: f.path, fileName: path.basename(f.path), size: f.bytes, table: f.table }));
    const admin = await findByEmail("client@demo.local");
    const { runId } = await uploadFiles({ month, files: monthFiles, userId: admin?.id ?? null });
    const run = await waitForRun(runId);
    console.log(`  ${month}: run ${run.status} in ${run.durationMs} ms`);
  }
  // The embedded database is single-process: the portal starts only after this process released it,
  // its backend's timers (recovery, the missing-month ticker) stopped first: one of them opened it again.
  await closeBackend();
  await closeDb();

  // The portal's own server (scripts/serve.ts), as `npm start` / `npm run dev` run it: `next start` would
  // trust a client's X-Forwarded-For (the sign-in limits and the audit log read the address from it).
  const built = existsSync(path.join(process.cwd(), ".next", "BUILD_ID"));
  const args = ["--import", "tsx", "scripts/serve.ts", ...(built ? [] : ["--dev"])];
  console.log(`\nstarting the portal (${built ? "npm start" : "npm run dev"}) on http://localhost:${c.PORT} …`);
  const child = spawn(process.execPath, args, {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: built ? "production" : "development" },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 0));
}

void main().catch(async (e: unknown) => {
  console.error(e);
  await closeDb().catch(() => undefined);
  process.exit(1);
});
