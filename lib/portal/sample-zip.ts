import "server-only";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { zipSync } from "fflate";
import { config } from "../config";
import { addMonths, monthOfDate, monthStartUtc } from "../contracts/months";
import { generateMonths } from "../generator";
import { formatInt } from "../format";

/** Small enough to download in a blink, big enough for every chart to have something to show. */
export const SAMPLE_SCALE = 0.02;
/** Sample months offered: the current month and the 23 before it. */
export const SAMPLE_MONTHS = 24;

/** The months a sample can be asked for, newest first. */
export function sampleMonths(now = new Date()): string[] {
  return Array.from({ length: SAMPLE_MONTHS }, (_, i) => addMonths(monthOfDate(now), -i));
}

export const defaultSampleMonth = (now = new Date()): string => sampleMonths(now)[1]!;

const memory = new Map<string, Uint8Array>();
const MEMORY_SIZE = 4;
const inFlight = new Map<string, Promise<Uint8Array>>();
let generating: Promise<unknown> = Promise.resolve();

/**
 * The sample zip of one month. Generation is deterministic per (month, zone) and costs CPU, so each zip
 * is made once: kept on disk under DATA_DIR/cache, recent ones in memory, concurrent requests for the
 * same month share one generation, and only one generation runs at a time.
 */
export async function sampleZip(month: string): Promise<Uint8Array> {
  const zone = config().BUSINESS_TIMEZONE;
  const key = `${month}|${zone}`;
  const hit = memory.get(key);
  if (hit) return hit;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = loadOrBuild(month, zone).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  const zip = await pending;
  memory.set(key, zip);
  while (memory.size > MEMORY_SIZE) memory.delete(memory.keys().next().value!);
  return zip;
}

/** For tests: how many zips were generated (not read from the cache) by this process. */
export let sampleGenerations = 0;

async function loadOrBuild(month: string, zone: string): Promise<Uint8Array> {
  const dir = path.join(path.resolve(config().DATA_DIR), "cache", "samples");
  const file = path.join(dir, `${month}-${createHash("sha256").update(zone).digest("hex").slice(0, 12)}.zip`);
  try {
    return new Uint8Array(await readFile(file));
  } catch {
    // not cached yet
  }
  const build = generating.then(() => buildSampleZip(month, zone));
  generating = build.catch(() => undefined);
  const zip = await build;
  sampleGenerations++;
  await mkdir(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.part`;
  await writeFile(tmp, zip);
  await rename(tmp, file);
  return zip;
}

async function buildSampleZip(month: string, businessTimeZone: string): Promise<Uint8Array> {
  const dir = await mkdtemp(path.join(tmpdir(), "shoplake-sample-"));
  try {
    const files = await generateMonths({ outDir: dir, months: [month], scale: SAMPLE_SCALE, businessTimeZone });
    const entries: Record<string, Uint8Array> = {};
    for (const f of files) entries[`${month}/${f.table}.csv`] = new Uint8Array(await readFile(f.path));
    entries[`${month}/README.txt`] = new TextEncoder().encode(readme(month, files));
    return zipSync(entries, { level: 6, mtime: monthStartUtc(month) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function readme(month: string, files: { table: string; rows: number }[]): string {
  return [
    `ShopLake sample month ${month}`,
    "",
    "Seven CSV files generated with realistic, deterministic data (one per table of the data contract):",
    ...files.map((f) => `  ${f.table}.csv  ${formatInt(f.rows)} rows`),
    "",
    `To try the portal: open Upload, set Month to ${month}, drop these seven files and press Upload.`,
    "",
  ].join("\r\n");
}
