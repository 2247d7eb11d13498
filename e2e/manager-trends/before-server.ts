// Runs before the server starts (e2e/support/global-setup.ts), with the journey's DATA_DIR: generates
// six months, loads them with `npm run pipeline`, picks the largest country and (within it) the largest
// category from the plain-TS oracle, and records `npm run kpis -- --from --to --country --category --json`
// (the embedded database cannot be opened by a CLI once the server holds it).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateMonths } from "../../lib/generator";
import { loadMonth } from "../../tests/support/expected-kpis";
import { enrichedOrders, expectedRange } from "../../tests/support/expected-range";
import { TREND_MONTHS, TREND_SCALE, TREND_SEED, choicePath, cliPath, csvDir, type TrendChoice } from "./months";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");

function cli(script: string, args: string[]): string {
  const r = spawnSync(process.execPath, [tsx, "--conditions=react-server", path.join(root, "scripts", script), ...args], {
    cwd: root,
    env: process.env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${script} ${args.join(" ")} exited ${r.status}:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

const largest = (o: Record<string, number | { sales: number }>) =>
  Object.entries(o).sort((a, b) => (typeof b[1] === "number" ? b[1] : b[1].sales) - (typeof a[1] === "number" ? a[1] : a[1].sales))[0]![0];

async function main() {
  const dataDir = process.env.DATA_DIR;
  if (!dataDir) throw new Error("DATA_DIR is set by the e2e global setup");
  const out = csvDir(dataDir);
  mkdirSync(out, { recursive: true });
  await generateMonths({ outDir: out, months: [...TREND_MONTHS], scale: TREND_SCALE, seed: TREND_SEED });
  for (const month of TREND_MONTHS) {
    const run = JSON.parse(cli("pipeline.ts", ["--month", month, "--json", path.join(out, month)])) as { status: string };
    if (run.status !== "succeeded") throw new Error(`pipeline for ${month} ended ${run.status}`);
  }
  const months = Object.fromEntries(await Promise.all(TREND_MONTHS.map(async (m) => [m, await loadMonth(path.join(out, m))] as const)));
  const orders = enrichedOrders(months);
  const [from, to] = [TREND_MONTHS[0], TREND_MONTHS[TREND_MONTHS.length - 1]!];
  const country = largest(expectedRange(orders, from, to).revenueByCountry);
  const category = largest(expectedRange(orders, from, to, { country }).categories);
  const choice: TrendChoice = { country, category };
  writeFileSync(choicePath(dataDir), JSON.stringify(choice));
  const json = cli("kpis.ts", ["--from", from, "--to", to, "--country", country, "--category", category, "--json"]);
  JSON.parse(json); // one JSON object
  writeFileSync(cliPath(dataDir), json);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
