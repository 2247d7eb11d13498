// npm run kpis -- --month YYYY-MM [--json]: the month's numbers through the analytics layer.
// npm run kpis -- --from YYYY-MM --to YYYY-MM [--country XX] [--channel C] [--device D] [--category C] [--json]:
// a range of months under the dashboard filters.
import "./caller-env"; // first: the environment as typed, before anything reads it
import { existsSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { localDataDir } from "../lib/wiring";
import { filtersSchema, describeFilters, type DashboardFilters } from "../lib/analytics/filters";
import { getMonthKpis } from "../lib/services/month-kpis";
import { kpisText } from "../lib/analytics/kpis-text";
import { getRangeKpis, rangeJson } from "../lib/services/range-kpis";
import { isMonth, rangeProblem } from "../lib/contracts/months";
import { runCommand } from "./run-command";

const USAGE = [
  "usage: npm run kpis -- --month YYYY-MM [--json]",
  "       npm run kpis -- --from YYYY-MM --to YYYY-MM [--country XX] [--channel C] [--device D] [--category NAME] [--json]",
].join("\n");

class UsageError extends Error {}

const OPTIONS = {
  month: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  country: { type: "string" },
  channel: { type: "string" },
  device: { type: "string" },
  category: { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", default: false },
} as const;

type Args = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"];

function rangeArgs(v: Args): { from: string; to: string; filters: DashboardFilters } {
  const { from, to } = v;
  if (!from || !to) throw new UsageError("--from and --to go together");
  for (const [name, m] of [["--from", from], ["--to", to]] as const) if (!isMonth(m)) throw new UsageError(`${name} must be a YYYY-MM month, got "${m}"`);
  const problem = rangeProblem(from, to);
  if (problem) throw new UsageError(`--from ${from} --to ${to}: ${problem}`);
  const parsed = filtersSchema.safeParse({ country: v.country?.toUpperCase(), channel: v.channel, device: v.device, category: v.category });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
  return { from, to, filters: parsed.data };
}

/** A read-only command: a DATA_DIR that is not there is a mistyped path, not an empty portal to create. */
function requireDataDir(): void {
  const dir = localDataDir();
  if (dir === null) return;
  if (!existsSync(dir)) throw new UsageError(`DATA_DIR ${dir} does not exist: nothing was loaded there (check the path)`);
  if (!statSync(dir).isDirectory()) throw new UsageError(`DATA_DIR ${dir} is a file, not a folder`);
}

async function runRange(v: Args): Promise<number> {
  const { from, to, filters } = rangeArgs(v);
  requireDataDir();
  const r = await getRangeKpis(from, to, filters);
  if (v.json) {
    process.stdout.write(`${JSON.stringify(rangeJson(r))}\n`);
    return 0;
  }
  const money = (n: number) => n.toFixed(2);
  console.log(`${from} … ${to}${describeFilters(filters) ? ` (${describeFilters(filters)})` : ""}: ${r.months.length} loaded month(s)`);
  for (const m of r.months) {
    if (m.revenue === null) console.log(`${m.month}: revenue, orders, buyers and AOV not available (no orders)`);
    else console.log(`${m.month}: revenue ${money(m.revenue)}, orders ${m.orders}, buyers ${m.buyers}, AOV ${m.aov === null ? "n/a" : money(m.aov)}`);
  }
  const t = r.total;
  console.log(`total: revenue ${money(t.revenue)}, orders ${t.orders}, buyers ${t.buyers} (distinct over the range), AOV ${t.aov === null ? "n/a" : money(t.aov)}`);
  for (const c of r.cohorts) {
    const cells = c.retention.map((x) => (x.share === null ? "n/a" : `${(x.share * 100).toFixed(1)}%`)).join(" ");
    console.log(`cohort ${c.cohort}: ${c.size} buyers; back after 1.. months: ${cells || "—"}`);
  }
  return 0;
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({ options: OPTIONS, tokens: true });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const v = args.values;
  if (v.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    // Given twice, the last one won silently: say so instead.
    const names = args.tokens.flatMap((t) => (t.kind === "option" ? [t.name] : []));
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice) throw new UsageError(`--${twice} is given more than once`);

    if (v.month !== undefined && (v.from !== undefined || v.to !== undefined)) throw new UsageError("--month or --from/--to, not both");
    const filtered = v.country ?? v.channel ?? v.device ?? v.category;
    if (v.from !== undefined || v.to !== undefined) return await runRange(v);
    if (filtered !== undefined) throw new UsageError("filters apply to a range: give --from and --to (the same month for one month)");
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n${USAGE}`);
    return 2;
  }
  const { month, json } = v;
  try {
    if (!month || !isMonth(month)) throw new UsageError(month ? `--month must be a YYYY-MM month, got "${month}"` : "--month (or --from and --to) is required");
    requireDataDir();
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
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

runCommand(main);
