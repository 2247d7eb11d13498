// npm run bench [-- --scale 1 --scales 1,10 --repeat 3 --keep --data DIR --markdown --database-url postgres://…
//   --format order-lines|olist --locale pt-BR|en-US]: generates a
// month at each scale and measures the whole pipeline (database load included) against a bare DuckDB
// CSV→Parquet conversion of the same files, each in a fresh process. The two are measured in turns,
// --repeat times, and the medians are reported: on shared VMs one measurement can be off by 20 %.
// The database is the embedded PGlite (a new one per run) unless --database-url names a PostgreSQL
// server (the RDS path; the bench loads its month into that database, the later runs replacing it).
// With --format, the same month is also written as that shop export and run through its source
// profile, in turns with the contract format, and the cost of the foreign format is reported.
// With --data DIR the generated months are kept in DIR/scale-N and reused by later benches (a scale-30
// month takes minutes to generate). Every figure comes with the machine's 1-minute load average before
// and after it: the machine is shared, and a figure taken under load is not comparable.
// --markdown prints one table of every scale at the end (for docs/benchmarks.md).
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { generateMonthInFormats, generateMonths } from "../lib/generator";
import type { GeneratedFile } from "../lib/generator/month";

const run = promisify(execFile);
const MONTH = "2025-11";

interface ChildResult {
  wallMs: number;
  cpuMs: number;
  stepCpuMs?: Record<string, number>;
  /** The machine's 1-minute load average when the measurement started and ended. */
  load: [number, number];
  uploadMs?: number;
  maxRssMb: number;
  steps?: Record<string, number>;
  status?: string;
  rows?: number;
  kpisColdMs?: number;
  kpisWarmMs?: number;
}

async function child(mode: "bare" | "pipeline", dir: string, dataDir: string, databaseUrl: string, profilePath?: string): Promise<ChildResult> {
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  const loadBefore = os.loadavg()[0]!;
  const { stdout } = await run(tsx, ["--conditions=react-server", "scripts/bench-child.ts", mode, dir, ...(profilePath ? [profilePath] : [])], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl, PORTAL_BACKEND: "local", BUSINESS_TIMEZONE: "UTC" },
    maxBuffer: 1 << 24,
  });
  const r = JSON.parse(stdout.trim().split("\n").pop()!) as Omit<ChildResult, "load">;
  // Each run's lake goes at once (a scale-30 run leaves ≈ 4 GB) unless --keep asks for it.
  if (!keepRuns) await rm(dataDir, { recursive: true, force: true });
  return { ...r, load: [loadBefore, os.loadavg()[0]!] };
}

let keepRuns = false;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

interface Foreign {
  format: "olist" | "order-lines";
  locale: "en-US" | "pt-BR";
}

/** The contract-format month of a scale in DIR/scale-N, generated once and reused. */
async function reusableMonth(dataDir: string, scale: number): Promise<{ files: GeneratedFile[]; dir: string }> {
  const root = path.join(dataDir, `scale-${scale}`);
  const meta = path.join(root, "files.json");
  const files = await readFile(meta, "utf8").then((t) => JSON.parse(t) as GeneratedFile[], () => null);
  if (files) return { files, dir: path.join(root, MONTH) };
  await mkdir(root, { recursive: true });
  const generated = await generateMonths({ outDir: root, months: [MONTH], scale, seed: 42 });
  await writeFile(meta, JSON.stringify(generated));
  return { files: generated, dir: path.join(root, MONTH) };
}

async function benchScale(scale: number, repeat: number, keep: boolean, databaseUrl: string, foreign: Foreign | null, dataDir: string | undefined) {
  const root = await mkdtemp(path.join(os.tmpdir(), `shoplake-bench-${scale}-`));
  const t0 = Date.now();
  let files;
  let reused: string | null = null;
  let shop: { dir: string; profilePath: string; mb: number } | null = null;
  if (dataDir && !foreign) {
    const m = await reusableMonth(dataDir, scale);
    files = m.files;
    reused = m.dir;
  } else if (foreign) {
    const m = await generateMonthInFormats({ month: MONTH, scale, seed: 42, ...foreign, contractDir: path.join(root, "contract"), foreignDir: path.join(root, "shop") });
    files = m.contract;
    shop = { dir: m.foreignMonthDir, profilePath: m.profilePath, mb: m.foreign.reduce((s, f) => s + f.bytes, 0) / 1e6 };
  } else files = await generateMonths({ outDir: root, months: [MONTH], scale, seed: 42 });
  const genMs = Date.now() - t0;
  const rows = files.reduce((s, f) => s + f.rows, 0);
  const mb = files.reduce((s, f) => s + f.bytes, 0) / 1e6;
  const dir = reused ?? (foreign ? path.join(root, "contract", MONTH) : path.join(root, MONTH));
  const bares: ChildResult[] = [];
  const pipes: ChildResult[] = [];
  const shops: ChildResult[] = [];
  for (let i = 0; i < repeat; i++) {
    bares.push(await child("bare", dir, path.join(root, `bare-data-${i}`), ""));
    pipes.push(await child("pipeline", dir, path.join(root, `data-${i}`), databaseUrl));
    if (shop) shops.push(await child("pipeline", shop.dir, path.join(root, `shop-data-${i}`), databaseUrl, shop.profilePath));
  }
  if (!keep) await rm(root, { recursive: true, force: true });
  // The median run of each kind is the one reported (its steps, its RSS); ratios are per pair.
  const pipe = pipes.find((p) => p.wallMs === median(pipes.map((x) => x.wallMs)))!;
  const bare = bares.find((b) => b.wallMs === median(bares.map((x) => x.wallMs)))!;
  const ratios = pipes.map((p, i) => p.wallMs / bares[i]!.wallMs);
  const shopRatios = shops.map((p, i) => p.wallMs / pipes[i]!.wallMs);
  // CPU time drifts less than wall time on a shared machine: the CPU ratio per pair beside the wall one.
  const shopCpuRatios = shops.map((p, i) => p.cpuMs / pipes[i]!.cpuMs);
  const shopMedian = shops.find((p) => p.wallMs === median(shops.map((x) => x.wallMs)));
  const foreignResult = shop && foreign && shopMedian
    ? { ...foreign, mb: shop.mb, runs: shops.map((p) => p.wallMs), status: shops.map((p) => p.status), vsContract: median(shopRatios), ratios: shopRatios, cpuVsContract: median(shopCpuRatios), cpuRatios: shopCpuRatios, steps: shopMedian.steps, stepCpuMs: shopMedian.stepCpuMs, maxRssMb: Math.max(...shops.map((p) => p.maxRssMb)) }
    : null;
  return { scale, rows, mb, genMs, bare, pipe, ratio: median(ratios), ratios, runs: { bare: bares.map((b) => b.wallMs), pipeline: pipes.map((p) => p.wallMs) }, foreign: foreignResult };
}

async function main() {
  const { values } = parseArgs({
    options: {
      scale: { type: "string" },
      scales: { type: "string" },
      repeat: { type: "string", default: "3" },
      keep: { type: "boolean", default: false },
      "database-url": { type: "string", default: "" },
      format: { type: "string" },
      locale: { type: "string", default: "pt-BR" },
      data: { type: "string" },
      markdown: { type: "boolean", default: false },
    },
  });
  const foreign = values.format ? ({ format: values.format, locale: values.locale } as Foreign) : null;
  if (foreign && (!["olist", "order-lines"].includes(foreign.format) || !["en-US", "pt-BR"].includes(foreign.locale))) {
    console.error("--format must be olist or order-lines, --locale en-US or pt-BR");
    process.exit(2);
  }
  const repeat = Number(values.repeat);
  keepRuns = values.keep;
  const databaseUrl = values["database-url"];
  const scales = (values.scales ?? values.scale ?? "1").split(",").map(Number);
  if (scales.some((s) => !Number.isFinite(s) || s <= 0) || !Number.isInteger(repeat) || repeat < 1) {
    console.error("usage: npm run bench -- [--scale N | --scales 1,10] [--repeat N] [--keep] [--database-url postgres://…]");
    process.exit(2);
  }
  console.log(`bench on ${os.cpus().length} cores, Node ${process.version}, ${os.platform()} ${os.arch()}; database: ${databaseUrl ? "PostgreSQL server" : "embedded PGlite"}`);
  const results = [];
  for (const s of scales) {
    const r = await benchScale(s, repeat, values.keep, databaseUrl, foreign, values.data);
    results.push(r);
    const rps = Math.round(r.rows / (r.pipe.wallMs / 1000));
    console.log(`\nscale ${s}: ${r.rows.toLocaleString("en")} rows, ${r.mb.toFixed(1)} MB of CSV (generated in ${(r.genMs / 1000).toFixed(1)} s)`);
    console.log(`  upload into raw/      ${((r.pipe.uploadMs ?? 0) / 1000).toFixed(2)} s   (the CLI's copy through the portal's upload path)`);
    const secs = (xs: number[]) => xs.map((ms) => (ms / 1000).toFixed(2)).join(", ");
    console.log(`  whole pipeline        ${(r.pipe.wallMs / 1000).toFixed(2)} s   (${r.pipe.status}; manifest → database loaded; median of ${secs(r.runs.pipeline)} s)`);
    console.log(`  CPU time (all threads) ${(r.pipe.cpuMs / 1000).toFixed(2)} s; machine load ${loadText(r.pipe.load)} (1-min average, start → end)`);
    for (const [step, ms] of Object.entries(r.pipe.steps ?? {})) {
      const cpu = r.pipe.stepCpuMs?.[step];
      console.log(`    ${step.padEnd(24)} ${(ms / 1000).toFixed(2)} s${cpu === undefined ? "" : `   CPU ${(cpu / 1000).toFixed(2)} s`}`);
    }
    console.log(`  rows per second       ${rps.toLocaleString("en")}`);
    console.log(`  peak RSS (pipeline)   ${r.pipe.maxRssMb.toFixed(0)} MB`);
    console.log(`  bare DuckDB CSV→Parquet ${(r.bare.wallMs / 1000).toFixed(2)} s, CPU ${(r.bare.cpuMs / 1000).toFixed(2)} s (peak RSS ${r.bare.maxRssMb.toFixed(0)} MB; median of ${secs(r.runs.bare)} s; load ${loadText(r.bare.load)})`);
    console.log(`  ratio pipeline / bare ${r.ratio.toFixed(2)}   (median of the ${repeat} pairs measured in turns: ${r.ratios.map((x) => x.toFixed(2)).join(", ")}); CPU time ratio ${(r.pipe.cpuMs / r.bare.cpuMs).toFixed(2)}`);
    console.log(`  dashboard numbers     ${r.pipe.kpisColdMs?.toFixed(0)} ms cold, ${r.pipe.kpisWarmMs?.toFixed(1)} ms cached`);
    if (r.foreign) {
      const f = r.foreign;
      console.log(`  ${f.format} ${f.locale} export (${f.mb.toFixed(1)} MB) through its profile: ${secs(f.runs)} s (${f.status.join(", ")}), peak RSS ${f.maxRssMb.toFixed(0)} MB`);
      console.log(`  foreign / contract    ${f.vsContract.toFixed(3)}   (median of the pairs: ${f.ratios.map((x) => x.toFixed(3)).join(", ")}; budget ≤ 1.15); CPU time ${f.cpuVsContract.toFixed(3)} (${f.cpuRatios.map((x) => x.toFixed(3)).join(", ")})`);
      for (const [step, ms] of Object.entries(f.steps ?? {})) {
        const cpu = f.stepCpuMs?.[step];
        console.log(`    ${step.padEnd(24)} ${(ms / 1000).toFixed(2)} s${cpu === undefined ? "" : `   CPU ${(cpu / 1000).toFixed(2)} s`}`);
      }
    }
  }
  if (results.length > 1) {
    const [a, b] = [results[0]!, results[results.length - 1]!];
    const growth = b.pipe.wallMs / a.pipe.wallMs;
    console.log(`\nscale ${a.scale} → ${b.scale}: time × ${growth.toFixed(2)} for rows × ${(b.rows / a.rows).toFixed(2)} (${growth <= b.rows / a.rows ? "at most linear" : "WORSE than linear"})`);
  }
  if (values.markdown) console.log(`\n${markdownTable(results)}`);
  console.log(`\n${JSON.stringify(results)}`);
}

const loadText = ([a, b]: [number, number]) => `${a.toFixed(1)} → ${b.toFixed(1)}`;

type ScaleResult = Awaited<ReturnType<typeof benchScale>>;

/** One column per scale: the figures docs/benchmarks.md quotes, each job as wall / CPU seconds. */
function markdownTable(results: ScaleResult[]): string {
  const s = (ms: number | undefined) => (ms === undefined ? "–" : (ms / 1000).toFixed(2));
  const gb = (mb: number) => (mb >= 1024 ? `${(mb / 1024).toFixed(2)} GB` : `${mb.toFixed(0)} MB`);
  const step = (r: ScaleResult, name: string) => `${s(r.pipe.steps?.[name])} / ${s(r.pipe.stepCpuMs?.[name])}`;
  const jobs = [...new Set(results.flatMap((r) => Object.keys(r.pipe.steps ?? {})))].filter((n) => /^Job\d/.test(n));
  const rows: [string, (r: ScaleResult) => string][] = [
    ["input", (r) => `${r.rows.toLocaleString("en")} rows, ${r.mb.toFixed(0)} MB`],
    ["whole pipeline, wall / CPU s (median run)", (r) => `**${s(r.pipe.wallMs)}** / ${s(r.pipe.cpuMs)} (runs ${r.runs.pipeline.map((x) => s(x)).join(", ")})`],
    ...jobs.map((j): [string, (r: ScaleResult) => string] => [`${j}, wall / CPU s`, (r) => step(r, j)]),
    ["bare conversion, wall / CPU s (median run)", (r) => `${s(r.bare.wallMs)} / ${s(r.bare.cpuMs)} (runs ${r.runs.bare.map((x) => s(x)).join(", ")})`],
    ["**ratio pipeline / bare** (median of the pairs)", (r) => `**${r.ratio.toFixed(2)}** (${r.ratios.map((x) => x.toFixed(2)).join(", ")})`],
    // Under a loaded machine CPU time drifts less than wall time: the CPU ratio is the steadier figure.
    ["ratio of CPU times, pipeline / bare (median runs)", (r) => (r.pipe.cpuMs / r.bare.cpuMs).toFixed(2)],
    ["rows per second", (r) => Math.round(r.rows / (r.pipe.wallMs / 1000)).toLocaleString("en")],
    ["peak RSS, pipeline / bare", (r) => `${gb(r.pipe.maxRssMb)} / ${gb(r.bare.maxRssMb)}`],
    ["load average (1 min) during the reported pipeline / bare run", (r) => `${loadText(r.pipe.load)} / ${loadText(r.bare.load)}`],
  ];
  return [
    `| | ${results.map((r) => `scale ${r.scale}`).join(" | ")} |`,
    `|---|${results.map(() => "---").join("|")}|`,
    ...rows.map(([label, f]) => `| ${label} | ${results.map(f).join(" | ")} |`),
  ].join("\n");
}

void main();
