import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { SourceProfile } from "../../contracts/profile";
import { ForeignMonth, type ForeignFile } from "./context";
import { conventionsOf } from "./write-table";
import { writeOlistMonth } from "./olist";
import { writeOrderLinesMonth } from "./order-lines";
import { generatorProfile, type ForeignFormat, type Locale } from "./profiles";
import type { WriterStyle } from "./table-values";

export { FORMATS, LOCALES, generatorProfile, builtinProfileOf, overlayProfile, type Format, type ForeignFormat, type Locale } from "./profiles";
export { OLIST_CATEGORY_NAMES } from "./olist";
export { toWindows1252Text, isWindows1252 } from "./windows-1252";
export type { ForeignFile } from "./context";

/** The profile beside a generated foreign month. */
export const PROFILE_FILE = "profile.json";

/** What only the writer decides (the profile cannot say it): line ends, BOM, how often an offset is written, word casing. */
const STYLE: Record<ForeignFormat, Record<Locale, WriterStyle & { eol: "\n" | "\r\n"; bom: boolean }>> = {
  olist: {
    "en-US": { eol: "\n", bom: false, offsetShare: 0, wordCase: {} },
    "pt-BR": { eol: "\r\n", bom: false, offsetShare: 0.05, wordCase: {} },
  },
  "order-lines": {
    // Woo labels ("Completed", "On hold"), GA channel groups ("Organic Search"); Shopify's offsets on a share of rows.
    "en-US": { eol: "\n", bom: true, offsetShare: 0.3, wordCase: { status: "capitalize", channel: "title", acquisition_channel: "title", device: "capitalize" } },
    "pt-BR": { eol: "\r\n", bom: false, offsetShare: 0.05, wordCase: { status: "capitalize", channel: "capitalize", acquisition_channel: "capitalize", device: "capitalize", active: "capitalize" } },
  },
};

export interface ForeignMonthOptions {
  /** The month's contract files (<table>.csv). */
  contractDir: string;
  /** Where the foreign files and profile.json go. */
  dir: string;
  month: string;
  seed: number;
  businessTimeZone: string;
  format: ForeignFormat;
  locale: Locale;
}

/**
 * Rewrites a generated contract month in a foreign format, row for row, and writes the profile that
 * reads it back as the same month: same rows, same amounts, same instants.
 */
export async function writeForeignMonth(o: ForeignMonthOptions): Promise<{ files: ForeignFile[]; profile: SourceProfile; profilePath: string }> {
  const profile = generatorProfile(o.format, o.locale);
  const style = STYLE[o.format][o.locale];
  const m = new ForeignMonth(o.contractDir, o.dir, o.month, o.seed, o.businessTimeZone, o.format, o.locale, profile, conventionsOf(profile, style), style);
  await mkdir(o.dir, { recursive: true });
  const files = o.format === "olist" ? await writeOlistMonth(m) : await writeOrderLinesMonth(m);
  const profilePath = path.join(o.dir, PROFILE_FILE);
  await writeFile(profilePath, JSON.stringify(profile, null, 2) + "\n");
  return { files, profile, profilePath };
}
