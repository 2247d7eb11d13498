import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TABLE_NAMES } from "@/lib/contracts";
import { generateMonths, GeneratorOptionsError, type GeneratedFile } from "@/lib/generator";
import { parseCsv } from "./helpers";

const dirs: string[] = [];
async function generate(opts: { months: string[]; seed: number; scale?: number }): Promise<{ dir: string; files: GeneratedFile[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), "gen-det-"));
  dirs.push(dir);
  const files = await generateMonths({ outDir: dir, scale: opts.scale ?? 0.01, ...opts });
  return { dir, files };
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const hashes = (files: GeneratedFile[]) => Object.fromEntries(files.map((f) => [`${f.month}/${f.table}`, sha(f.path)]));

describe("generator determinism", () => {
  it("same seed → byte-identical files; different seed → different files", async () => {
    const a = await generate({ months: ["2025-10", "2025-11"], seed: 42 });
    const b = await generate({ months: ["2025-10", "2025-11"], seed: 42 });
    const c = await generate({ months: ["2025-10", "2025-11"], seed: 43 });
    expect(Object.keys(hashes(a.files))).toHaveLength(14);
    expect(hashes(b.files)).toEqual(hashes(a.files));
    const ha = hashes(a.files);
    const hc = hashes(c.files);
    for (const key of Object.keys(ha)) expect(hc[key], key).not.toBe(ha[key]);
  });

  it("a month generated alone equals the same month generated with others", async () => {
    const together = await generate({ months: ["2025-09", "2025-10", "2025-11"], seed: 5 });
    const alone = await generate({ months: ["2025-11"], seed: 5 });
    const nov = (files: GeneratedFile[]) => hashes(files.filter((f) => f.month === "2025-11"));
    expect(nov(alone.files)).toEqual(nov(together.files));
  });

  it("writes DIR/<month>/<table>.csv and reports true row and byte counts", async () => {
    const { dir, files } = await generate({ months: ["2025-11"], seed: 1 });
    expect(files.map((f) => f.table)).toEqual([...TABLE_NAMES]);
    for (const f of files) {
      expect(f.path).toBe(path.join(dir, "2025-11", `${f.table}.csv`));
      expect(f.bytes, f.table).toBe(statSync(f.path).size);
      const text = readFileSync(f.path, "utf8");
      expect(parseCsv(text).length - 1, f.table).toBe(f.rows);
      // LF record separators: no CR outside quoted fields (reviews may hold CRLF inside quotes).
      expect(text.endsWith("\n"), f.table).toBe(true);
      expect(text.replace(/"(?:[^"]|"")*"/g, "").includes("\r"), f.table).toBe(false);
    }
  });

  it("months differ from each other (growth, not a copy)", async () => {
    const { files } = await generate({ months: ["2025-10", "2025-11"], seed: 9 });
    const rows = (m: string, t: string) => files.find((f) => f.month === m && f.table === t)!.rows;
    for (const t of ["sessions", "events", "orders", "order_items", "reviews"]) expect(rows("2025-11", t), t).not.toBe(rows("2025-10", t));
  });

  it.each([
    [{ months: [] }, /months/],
    [{ months: ["2025-13"] }, /2025-13/],
    [{ months: ["2025-11"], scale: 0 }, /scale/],
    [{ months: ["2025-11"], scale: Number.NaN }, /scale/],
    [{ months: ["2025-11"], seed: -1 }, /seed/],
    [{ months: ["2025-11"], seed: 1.5 }, /seed/],
    [{ months: ["2025-11"], businessTimeZone: "Mars/Olympus" }, /time zone/],
  ])("rejects bad options %o", async (opts, message) => {
    await expect(generateMonths({ outDir: path.join(tmpdir(), "never-written"), ...opts })).rejects.toThrow(GeneratorOptionsError);
    await expect(generateMonths({ outDir: path.join(tmpdir(), "never-written"), ...opts })).rejects.toThrow(message);
  });
});
