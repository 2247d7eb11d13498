// Runs before the server starts (e2e/support/global-setup.ts), with the journey's DATA_DIR:
// generates the journey's months, loads them with `npm run pipeline`, then records `npm run kpis -- --json`
// for each, because the embedded database cannot be opened by a CLI once the server holds it.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { generateMonths } from "../../lib/generator";
import { DASHBOARD_MONTHS, DASHBOARD_SCALE, NO_ORDERS_MONTH, PARTIAL_MONTH, UNKNOWN_PRODUCT_ID, expectedKpisPath } from "./months";

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");

function cli(script: string, args: string[]): string {
  // react-server: the library's `server-only` guards resolve to nothing outside Next, as on the server.
  const r = spawnSync(process.execPath, [tsx, "--conditions=react-server", path.join(root, "scripts", script), ...args], {
    cwd: root,
    env: process.env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${script} ${args.join(" ")} exited ${r.status}:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

async function main() {
  const dataDir = process.env.DATA_DIR;
  if (!dataDir) throw new Error("DATA_DIR is set by the e2e global setup");
  const work = path.join(dataDir, "e2e-manager-dashboard");
  mkdirSync(work, { recursive: true });
  await generateMonths({ outDir: path.join(work, "csv"), months: [...DASHBOARD_MONTHS], scale: DASHBOARD_SCALE, seed: 7 });
  await generateMonths({ outDir: path.join(work, "csv"), months: [PARTIAL_MONTH], scale: DASHBOARD_SCALE, seed: 7 });
  makePartial(path.join(work, "csv", PARTIAL_MONTH));
  await generateMonths({ outDir: path.join(work, "csv"), months: [NO_ORDERS_MONTH], scale: DASHBOARD_SCALE, seed: 7 });
  for (const table of ["orders", "order_items", "customers", "products", "reviews"]) rmSync(path.join(work, "csv", NO_ORDERS_MONTH, `${table}.csv`));
  const months = [...DASHBOARD_MONTHS, PARTIAL_MONTH, NO_ORDERS_MONTH];
  for (const month of months) {
    const run = JSON.parse(cli("pipeline.ts", ["--month", month, "--json", path.join(work, "csv", month)])) as { status: string };
    if (run.status !== "succeeded") throw new Error(`pipeline for ${month} ended ${run.status}`);
  }
  for (const month of months) {
    const out = cli("kpis.ts", ["--month", month, "--json"]);
    JSON.parse(out); // must be one JSON object
    writeFileSync(expectedKpisPath(dataDir, month), out);
  }
}

/**
 * The partial month: no sessions or events file; one category's products and every third other product
 * without a cost, every eleventh without a category (the products file of the latest batch wins); a few
 * lines of a product that is in no products file.
 */
function makePartial(dir: string) {
  rmSync(path.join(dir, "sessions.csv"));
  rmSync(path.join(dir, "events.csv"));
  const file = path.join(dir, "products.csv");
  const products = Papa.parse<Record<string, string>>(readFileSync(file, "utf8"), { header: true, skipEmptyLines: true });
  const noCost = products.data[0]?.category;
  products.data.forEach((p, i) => {
    if (p.category === noCost || i % 3 === 0) p.cost = "";
    if (i % 11 === 5) p.category = "";
  });
  writeFileSync(file, Papa.unparse(products.data, { columns: products.meta.fields, newline: "\n" }) + "\n");
  const itemsFile = path.join(dir, "order_items.csv");
  const items = Papa.parse<Record<string, string>>(readFileSync(itemsFile, "utf8"), { header: true, skipEmptyLines: true });
  const extra = items.data.slice(0, 20).map((l, i) => ({ ...l, order_item_id: `unknown-${i}`, product_id: UNKNOWN_PRODUCT_ID }));
  writeFileSync(itemsFile, Papa.unparse([...items.data, ...extra], { columns: items.meta.fields, newline: "\n" }) + "\n");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
