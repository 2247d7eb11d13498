import { mkdir, mkdtemp, rm } from "node:fs/promises";
import path from "node:path";
import { isMonth } from "../contracts/months";
import type { SourceProfile } from "../contracts/profile";
import { FORMATS, LOCALES, writeForeignMonth, type ForeignFormat, type Format, type Locale } from "./formats/index";
import { generateMonth, type GeneratedFile } from "./month";
import { isValidTimeZone } from "./time-zone";

export type { GeneratedFile } from "./month";
export { generateMonth } from "./month";
export { csvField, csvLine, CsvFileWriter } from "./csv-writer";
export { monthBounds } from "./time-zone";
export { FORMATS, LOCALES, PROFILE_FILE, generatorProfile, OLIST_CATEGORY_NAMES, type Format, type ForeignFormat, type Locale } from "./formats/index";

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
  /** `contract` (default) or a shop's own export format, written with its profile (`<month>/profile.json`). */
  format?: Format;
  /** Conventions of a foreign format: `en-US` (default) or `pt-BR` (`;`, 1.234,56, windows-1252, dd/mm/yyyy). */
  locale?: Locale;
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
  format: Format;
  locale: Locale;
}

/** Validates the options; the message names the bad option. */
export function resolveOptions(opts: GenerateOptions): ResolvedOptions {
  if (!opts.outDir) throw new GeneratorOptionsError("outDir is required");
  if (opts.months.length === 0) throw new GeneratorOptionsError("months: give at least one YYYY-MM month");
  for (const m of opts.months) {
    if (!isMonth(m) || m < "2000-01" || m > "2099-12") throw new GeneratorOptionsError(`months: "${m}" is not a YYYY-MM month between 2000-01 and 2099-12`);
  }
  const months = [...new Set(opts.months)];
  const scale = opts.scale ?? 1;
  if (!Number.isFinite(scale) || scale <= 0 || scale > MAX_SCALE) throw new GeneratorOptionsError(`scale must be a number in (0, ${MAX_SCALE}], got ${scale}`);
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new GeneratorOptionsError(`seed must be a non-negative integer, got ${seed}`);
  const businessTimeZone = opts.businessTimeZone ?? "UTC";
  if (!isValidTimeZone(businessTimeZone)) throw new GeneratorOptionsError(`businessTimeZone: unknown time zone "${businessTimeZone}"`);
  const format = opts.format ?? "contract";
  if (!(FORMATS as readonly string[]).includes(format)) throw new GeneratorOptionsError(`format must be one of ${FORMATS.join(", ")}, got "${format}"`);
  const locale = opts.locale ?? "en-US";
  if (!(LOCALES as readonly string[]).includes(locale)) throw new GeneratorOptionsError(`locale must be one of ${LOCALES.join(", ")}, got "${locale}"`);
  if (format === "contract" && locale !== "en-US") throw new GeneratorOptionsError(`locale ${locale} applies to a shop's format (olist, order-lines); the contract format has one convention`);
  return { outDir: opts.outDir, months, scale, seed, businessTimeZone, mixedSpellings: opts.mixedSpellings ?? true, format, locale };
}

/**
 * Writes outDir/<month>/<table>.csv for each month, deterministically (same options → same bytes).
 * Each month depends only on (seed, scale, month, zone), so one month generated alone equals the
 * same month generated among others. A foreign format is the same month rewritten (see
 * generateMonthInFormats): outDir/<month>/ holds the shop's files and profile.json.
 */
export async function generateMonths(opts: GenerateOptions): Promise<GeneratedFile[]> {
  const o = resolveOptions(opts);
  const files: GeneratedFile[] = [];
  for (const month of o.months) {
    if (o.format === "contract") {
      files.push(...(await generateMonth({ outDir: o.outDir, month, scale: o.scale, seed: o.seed, businessTimeZone: o.businessTimeZone, mixedSpellings: o.mixedSpellings })));
      continue;
    }
    await mkdir(o.outDir, { recursive: true });
    const scratch = await mkdtemp(path.join(o.outDir, `.${month}-contract-`));
    try {
      const r = await generateMonthInFormats({ ...o, month, format: o.format, contractDir: scratch, foreignDir: o.outDir });
      files.push(...r.foreign);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  return files;
}

export interface MonthInFormatsOptions {
  month: string;
  format: ForeignFormat;
  locale?: Locale;
  scale?: number;
  seed?: number;
  businessTimeZone?: string;
  mixedSpellings?: boolean;
  /** The contract files go to contractDir/<month>/, the foreign files and profile.json to foreignDir/<month>/. */
  contractDir: string;
  foreignDir: string;
}

export interface MonthInFormats {
  contractMonthDir: string;
  foreignMonthDir: string;
  contract: GeneratedFile[];
  foreign: GeneratedFile[];
  profile: SourceProfile;
  profilePath: string;
}

/**
 * One month in two formats, for tests that compare them: the contract files and the same rows in a
 * shop's format, with the profile through which the pipeline reads the second as the first.
 */
export async function generateMonthInFormats(opts: MonthInFormatsOptions): Promise<MonthInFormats> {
  const o = resolveOptions({ ...opts, outDir: opts.contractDir, months: [opts.month] });
  if (o.format === "contract") throw new GeneratorOptionsError("generateMonthInFormats needs a foreign format (olist, order-lines)");
  const contract = await generateMonth({ outDir: opts.contractDir, month: opts.month, scale: o.scale, seed: o.seed, businessTimeZone: o.businessTimeZone, mixedSpellings: o.mixedSpellings });
  const contractMonthDir = path.join(opts.contractDir, opts.month);
  const foreignMonthDir = path.join(opts.foreignDir, opts.month);
  const r = await writeForeignMonth({
    contractDir: contractMonthDir,
    dir: foreignMonthDir,
    month: opts.month,
    seed: o.seed,
    businessTimeZone: o.businessTimeZone,
    format: o.format,
    locale: o.locale,
  });
  const foreign = r.files.map((f) => ({ month: opts.month, table: f.tables[0]!, ...f }));
  return { contractMonthDir, foreignMonthDir, contract, foreign, profile: r.profile, profilePath: r.profilePath };
}
