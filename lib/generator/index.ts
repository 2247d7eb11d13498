import { generateMonth, type GeneratedFile } from "./month";
import { isValidTimeZone, MONTH_RE } from "./time-zone";

export type { GeneratedFile } from "./month";
export { generateMonth } from "./month";
export { csvField, csvLine, CsvFileWriter } from "./csv-writer";
export { monthBounds } from "./time-zone";

export interface GenerateOptions {
  outDir: string;
  /** `YYYY-MM` months (years 2000–2099), each written to outDir/<month>/ */
  months: readonly string[];
  /** Multiplier on volumes: 1 ≈ 1 M rows / 50 MB per month; 0.01 for fast tests, 10 for benchmarks. */
  scale?: number;
  seed?: number;
  /** IANA zone the month boundaries and seasonality are laid out in (BUSINESS_TIMEZONE). Default UTC. */
  businessTimeZone?: string;
  /** Mix other valid timestamp spellings and enum aliases into a few rows. Default true. */
  mixedSpellings?: boolean;
}

export const DEFAULT_SEED = 42;
export const MAX_SCALE = 100;

export class GeneratorOptionsError extends RangeError {
  override name = "GeneratorOptionsError";
}

export interface ResolvedOptions {
  outDir: string;
  months: string[];
  scale: number;
  seed: number;
  businessTimeZone: string;
  mixedSpellings: boolean;
}

/** Validates the options; the message names the bad option. */
export function resolveOptions(opts: GenerateOptions): ResolvedOptions {
  if (!opts.outDir) throw new GeneratorOptionsError("outDir is required");
  if (opts.months.length === 0) throw new GeneratorOptionsError("months: give at least one YYYY-MM month");
  for (const m of opts.months) {
    if (!MONTH_RE.test(m) || m < "2000-01" || m > "2099-12") throw new GeneratorOptionsError(`months: "${m}" is not a YYYY-MM month between 2000-01 and 2099-12`);
  }
  const months = [...new Set(opts.months)];
  const scale = opts.scale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0 || scale > MAX_SCALE) throw new GeneratorOptionsError(`scale must be a number in (0, ${MAX_SCALE}], got ${scale}`);
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new GeneratorOptionsError(`seed must be a non-negative integer, got ${seed}`);
  const businessTimeZone = opts.businessTimeZone ?? "UTC";
  if (!isValidTimeZone(businessTimeZone)) throw new GeneratorOptionsError(`businessTimeZone: unknown time zone "${businessTimeZone}"`);
  return { outDir: opts.outDir, months, scale, seed, businessTimeZone, mixedSpellings: opts.mixedSpellings ?? true };
}

/**
 * Writes outDir/<month>/<table>.csv for each month, deterministically (same options → same bytes).
 * Each month depends only on (seed, scale, month, zone), so one month generated alone equals the
 * same month generated among others.
 */
export async function generateMonths(opts: GenerateOptions): Promise<GeneratedFile[]> {
  const o = resolveOptions(opts);
  const files: GeneratedFile[] = [];
  for (const month of o.months) {
    files.push(...(await generateMonth({ outDir: o.outDir, month, scale: o.scale, seed: o.seed, businessTimeZone: o.businessTimeZone, mixedSpellings: o.mixedSpellings })));
  }
  return files;
}
