// npm run kpis -- --month YYYY-MM [--json]: the month's numbers through the analytics layer.
import { parseArgs } from "node:util";
import { getMonthKpis } from "../lib/analytics/kpis";
import { kpisText } from "../lib/analytics/kpis-text";
import { closeDb } from "../lib/db/client";
import { MONTH_PATTERN } from "../lib/lake/keys";

const USAGE = "usage: npm run kpis -- --month YYYY-MM [--json]";

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ options: { month: { type: "string" }, json: { type: "boolean", default: false } } });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { month, json } = args.values;
  if (!month || !MONTH_PATTERN.test(month)) {
    console.error(USAGE);
    return 2;
  }
  const k = await getMonthKpis(month);
  if (!k) {
    console.error(`no curated data for ${month}`);
    return 1;
  }
  if (json) {
    process.stdout.write(`${JSON.stringify(k)}\n`);
    return 0;
  }
  for (const line of kpisText(k)) console.log(line);
  return 0;
}

main()
  .then(async (code) => {
    await closeDb();
    process.exit(code);
  })
  .catch(async (e: unknown) => {
    console.error(e);
    await closeDb().catch(() => undefined);
    process.exit(1);
  });
