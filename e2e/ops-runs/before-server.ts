// Seeds the ops-runs journey before the server opens the database (run by e2e/support/global-setup.ts
// with DATA_DIR set): two good months and one batch whose only file lacks a required column, all
// through the lead's CLIs. Writes the run ids to $DATA_DIR/e2e/ops-runs.json for the spec.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const dataDir = process.env.DATA_DIR;
if (!dataDir) throw new Error("DATA_DIR must be set");
const csvDir = path.join(dataDir, "e2e-csv");
const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");

// Library modules marked "server-only" load outside Next when the react-server condition is on.
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --conditions=react-server`.trim() };

function run(script: string, args: string[], okCodes = [0]): string {
  const r = spawnSync(process.execPath, [tsx, path.join(root, "scripts", script), ...args], { cwd: root, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status === null || !okCodes.includes(r.status)) {
    throw new Error(`${script} ${args.join(" ")} exited ${r.status ?? r.signal}\n${r.stderr}\n${r.stdout}`);
  }
  return r.stdout;
}

const runId = (stdout: string) => (JSON.parse(stdout.trim().split("\n").at(-1)!) as { runId: string; status: string });

run("generate-data.ts", ["--out", csvDir, "--months", "2025-09,2025-10", "--scale", "0.05"]);
const good1 = runId(run("pipeline.ts", ["--month", "2025-09", "--json", path.join(csvDir, "2025-09")]));
const good2 = runId(run("pipeline.ts", ["--month", "2025-10", "--json", path.join(csvDir, "2025-10")]));

// A broken batch: orders.csv without its required order_id column → job 1 cannot process any table.
const brokenDir = path.join(csvDir, "broken-2025-11");
mkdirSync(brokenDir, { recursive: true });
const orders = readFileSync(path.join(csvDir, "2025-10", "orders.csv"), "utf8").split("\n");
const header = orders[0]!.split(",");
const drop = header.findIndex((h) => h.trim().toLowerCase() === "order_id");
if (drop < 0) throw new Error("orders.csv has no order_id column to drop");
const broken = orders
  .slice(0, 200)
  .filter(Boolean)
  .map((line) => line.split(",").filter((_, i) => i !== drop).join(","))
  .join("\n");
writeFileSync(path.join(brokenDir, "orders.csv"), `${broken}\n`);
const failed = runId(run("pipeline.ts", ["--month", "2025-11", "--json", brokenDir], [0, 1]));

mkdirSync(path.join(dataDir, "e2e"), { recursive: true });
writeFileSync(
  path.join(dataDir, "e2e", "ops-runs.json"),
  JSON.stringify({ succeeded: [good1, good2], failed }, null, 2),
);
console.log(`[ops-runs] seeded: ${good1.status} ${good2.status} ${failed.status}`);
