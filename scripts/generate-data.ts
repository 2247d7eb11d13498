/**
 * npm run data:generate -- --out DIR --months 2025-09,2025-10,2025-11 [--scale 1] [--seed 42] [--tz Europe/Paris]
 *   [--format contract|olist|order-lines] [--locale en-US|pt-BR]
 * Writes DIR/<month>/<table>.csv (contract), or the same month as a shop's export with DIR/<month>/profile.json.
 * Exit 0 on success, 2 on bad arguments, 1 on any other failure.
 */
import { parseArgs } from "node:util";
import path from "node:path";
import { DEFAULT_SEED, generateMonths, GeneratorOptionsError, PROFILE_FILE, type Format, type Locale } from "../lib/generator/index";
import { config } from "../lib/config/index";
import { callerPath } from "./caller-path";

const USAGE =
  "usage: npm run data:generate -- --out DIR --months YYYY-MM[,YYYY-MM...] [--scale 1] [--seed 42] [--tz IANA_ZONE] [--plain-timestamps]\n" +
  "       [--format contract|olist|order-lines] [--locale en-US|pt-BR]   (a shop's own export of the same month, with its profile.json)";

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function parseNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n)) fail(`--${name} must be a number, got "${raw}"`);
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        out: { type: "string" },
        months: { type: "string" },
        scale: { type: "string" },
        seed: { type: "string" },
        tz: { type: "string" },
        "plain-timestamps": { type: "boolean" },
        format: { type: "string" },
        locale: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail((err as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.out) fail("--out is required");
  if (!values.months) fail("--months is required");
  const months = values.months.split(",").map((m) => m.trim()).filter(Boolean);
  const scale = parseNumber("scale", values.scale, 1);
  const seed = parseNumber("seed", values.seed, DEFAULT_SEED);
  // Default to the pipeline's business time zone so generated months line up with its buckets.
  const businessTimeZone = values.tz ?? config().BUSINESS_TIMEZONE;

  const started = performance.now();
  let files;
  try {
    files = await generateMonths({
      outDir: callerPath(values.out),
      months,
      scale,
      seed,
      businessTimeZone,
      mixedSpellings: !values["plain-timestamps"],
      // resolveOptions checks both against the known names (a bad one exits 2 with its message).
      format: values.format as Format | undefined,
      locale: values.locale as Locale | undefined,
    });
  } catch (err) {
    if (err instanceof GeneratorOptionsError) fail(err.message);
    throw err;
  }
  let rows = 0;
  let bytes = 0;
  for (const f of files) {
    rows += f.rows;
    bytes += f.bytes;
    console.log(`${f.month}  ${f.tables.join("+").padEnd(18)} ${String(f.rows).padStart(10)} rows ${(f.bytes / 1e6).toFixed(2).padStart(8)} MB  ${f.path}`);
  }
  const format = values.format ?? "contract";
  if (format !== "contract") for (const m of new Set(files.map((f) => f.month))) console.log(`${m}  profile            ${path.join(callerPath(values.out), m, PROFILE_FILE)}`);
  const seconds = (performance.now() - started) / 1000;
  console.log(`${files.length} files, ${rows} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s (seed ${seed}, scale ${scale}, ${businessTimeZone}, ${format}${format === "contract" ? "" : ` ${values.locale ?? "en-US"}`})`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
