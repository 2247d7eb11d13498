import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateMonths, type GeneratedFile } from "@/lib/generator";

const dirs: string[] = [];
async function generate(scale: number): Promise<GeneratedFile[]> {
  const outDir = mkdtempSync(path.join(tmpdir(), "gen-scale-"));
  dirs.push(outDir);
  return generateMonths({ outDir, months: ["2025-11"], scale, seed: 42 });
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const FACTS = ["sessions", "events", "orders", "order_items", "reviews"];
const rowsOf = (files: GeneratedFile[], table: string) => files.find((f) => f.table === table)!.rows;

describe("generator volume", () => {
  it("fact rows grow linearly with scale", async () => {
    const small = await generate(0.01);
    const big = await generate(0.04);
    for (const t of FACTS) {
      const ratio = rowsOf(big, t) / rowsOf(small, t);
      expect(ratio, t).toBeGreaterThan(3.3);
      expect(ratio, t).toBeLessThan(4.7);
    }
    const total = (files: GeneratedFile[]) => FACTS.reduce((s, t) => s + rowsOf(files, t), 0);
    expect(total(big) / total(small)).toBeGreaterThan(3.8);
    expect(total(big) / total(small)).toBeLessThan(4.2);
  });

  // Bench-style: one full-size month, as the reference client sends it.
  it("scale 1 is about a million rows and 50-odd MB per month, in seconds", async () => {
    const started = performance.now();
    const files = await generate(1);
    const seconds = (performance.now() - started) / 1000;
    const rows = files.reduce((s, f) => s + f.rows, 0);
    const mb = files.reduce((s, f) => s + f.bytes, 0) / 1e6;
    console.log(`scale 1, 2025-11: ${rows} rows, ${mb.toFixed(1)} MB in ${seconds.toFixed(1)} s`);
    expect(rows).toBeGreaterThan(800_000);
    expect(rows).toBeLessThan(1_300_000);
    expect(mb).toBeGreaterThan(35);
    expect(mb).toBeLessThan(70);
    // A sanity bound only, loose on purpose: the 2-core machine is shared with the rest of `npm test`.
    // Alone it takes about 2–3 s.
    expect(seconds).toBeLessThan(60);
  });
});
