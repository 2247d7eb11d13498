// npm run kpis -- --month YYYY-MM [--json]: the month's numbers through the analytics layer.
import { parseArgs } from "node:util";
import { getMonthKpis } from "../lib/analytics/kpis";
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
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? "n/a" : `${(v * 100).toFixed(1)}%`);
  console.log(`${k.month}: revenue ${k.revenue.toFixed(2)} (${pct(k.mom?.revenue)} MoM), orders ${k.orders}, buyers ${k.buyers}, AOV ${k.aov?.toFixed(2) ?? "n/a"}`);
  console.log(`funnel: ${k.funnel.sessions} → ${k.funnel.browsed} → ${k.funnel.cart} → ${k.funnel.checkout} → ${k.funnel.purchased}; biggest drop ${k.funnel.biggestDrop?.from} → ${k.funnel.biggestDrop?.to} (${pct(k.funnel.biggestDrop?.drop)})`);
  for (const c of k.categories) console.log(`  ${c.category.padEnd(20)} units ${c.units}  sales ${c.sales.toFixed(2)}  margin ${c.margin.toFixed(2)}`);
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
