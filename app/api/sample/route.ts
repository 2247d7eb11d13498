import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { zipSync } from "fflate";
import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { config } from "@/lib/config";
import { generateMonths } from "@/lib/generator";
import { handler } from "@/lib/http/handler";
import { MONTH_PATTERN } from "@/lib/lake/keys";

/** Small enough to download in a blink, big enough for every chart to have something to show. */
const SAMPLE_SCALE = 0.02;

// Generation is deterministic per (month, zone), so recent zips are kept in memory.
const cache = new Map<string, Uint8Array>();
const CACHE_SIZE = 4;

const query = z.object({
  month: z.string().regex(MONTH_PATTERN, "month must be YYYY-MM").optional(),
});

/** GET ?month=YYYY-MM: a zip of generated CSVs (the seven tables of one month), default last month. */
export const GET = handler({ roles: AREA_ROLES.upload, query }, async ({ query }) => {
  const month = query.month ?? previousMonth(new Date());
  const zone = config().BUSINESS_TIMEZONE;
  const cacheKey = `${month}|${zone}`;
  let zip = cache.get(cacheKey);
  if (!zip) {
    zip = await buildSampleZip(month, zone);
    cache.set(cacheKey, zip);
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return new Response(new Blob([zip as Uint8Array<ArrayBuffer>]), {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="shoplake-sample-${month}.zip"`,
      "content-length": String(zip.length),
      "cache-control": "private, max-age=3600",
    },
  });
});

async function buildSampleZip(month: string, businessTimeZone: string): Promise<Uint8Array> {
  const dir = await mkdtemp(path.join(tmpdir(), "shoplake-sample-"));
  try {
    const files = await generateMonths({ outDir: dir, months: [month], scale: SAMPLE_SCALE, businessTimeZone });
    const entries: Record<string, Uint8Array> = {};
    for (const f of files) entries[`${month}/${f.table}.csv`] = new Uint8Array(await readFile(f.path));
    entries[`${month}/README.txt`] = new TextEncoder().encode(readme(month, files));
    return zipSync(entries, { level: 6, mtime: new Date(`${month}-01T00:00:00Z`) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function readme(month: string, files: { table: string; rows: number }[]): string {
  return [
    `ShopLake sample month ${month}`,
    "",
    "Seven CSV files generated with realistic, deterministic data (one per table of the data contract):",
    ...files.map((f) => `  ${f.table}.csv  ${f.rows.toLocaleString("en-US")} rows`),
    "",
    `To try the portal: open Upload, set Month to ${month}, drop these seven files and press Upload.`,
    "",
  ].join("\r\n");
}

function previousMonth(now: Date): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}
