import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvFileWriter, csvField, csvLine, generateMonths } from "@/lib/generator";
import { parseCsv, readTable } from "./helpers";

const TRICKY = [
  "plain",
  "a, comma",
  'say "hi"',
  '"starts and ends with quotes"',
  "line one\nline two",
  "windows\r\nline break",
  "lone\rcarriage return",
  "Très bien, Größe über Erwartung — ¡sí!",
  "日本語のレビュー、とても良い。",
  "emoji 👍🏽 and \"quotes\", all at once\n\n",
  "",
];

let dir = "";
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "gen-csv-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("RFC 4180 writer", () => {
  it("quotes only fields that need it and doubles inner quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a, comma")).toBe('"a, comma"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("x\ny")).toBe('"x\ny"');
    expect(csvField("x\ry")).toBe('"x\ry"');
    expect(csvField(null)).toBe("");
    expect(csvField(undefined)).toBe("");
    expect(csvField(12.5)).toBe("12.5");
    expect(csvLine(["a", null, 'b"c', 3])).toBe('a,,"b""c",3\n');
  });

  it("round-trips tricky text through a file, across chunk boundaries, with exact row and byte counts", async () => {
    const file = path.join(dir, "tricky.csv");
    const w = await CsvFileWriter.open(file, ["id", "text", "other"]);
    const expected: string[][] = [["id", "text", "other"]];
    // ~2 MB of partly multi-byte text fills more than one 1 MB buffer.
    for (let i = 0; i < 30_000; i++) {
      const text = TRICKY[i % TRICKY.length]!;
      const row = [String(i), text + (i % 7 === 0 ? "ü".repeat(40) : ""), TRICKY[(i + 3) % TRICKY.length]!];
      expected.push(row);
      w.row(row);
      if (w.full) await w.flush();
    }
    const stats = await w.close();
    const bytes = readFileSync(file);
    expect(stats.rows).toBe(30_000);
    expect(stats.bytes).toBe(bytes.length);
    expect(bytes.length).toBeGreaterThan(1.5 * (1 << 20));
    expect(parseCsv(bytes.toString("utf8"))).toEqual(expected);
  });
});

describe("generated reviews", () => {
  let monthDir = "";
  beforeAll(async () => {
    await generateMonths({ outDir: dir, months: ["2025-11"], scale: 0.05, seed: 11 });
    monthDir = path.join(dir, "2025-11");
  });

  it("carry the free text that breaks naive CSV handling", () => {
    const texts = readTable(monthDir, "reviews").rows.flatMap((r) => [r.title!, r.comment!]);
    const has = (re: RegExp) => texts.some((t) => re.test(t));
    expect(has(/,/)).toBe(true);
    expect(has(/"/)).toBe(true);
    expect(has(/\n/)).toBe(true);
    expect(has(/\r\n/)).toBe(true);
    expect(has(/[éèüöäßñçã]/)).toBe(true);
    expect(has(/[\u3040-\u30ff\u4e00-\u9fff]/)).toBe(true); // Japanese / Chinese
    expect(has(/[\u0400-\u04ff]/)).toBe(true); // Cyrillic
    expect(has(/\p{Extended_Pictographic}/u)).toBe(true);
  });

  it("read back identically by DuckDB's CSV reader", async () => {
    const ours = readTable(monthDir, "reviews").rows;
    const instance = await DuckDBInstance.create(":memory:");
    const con = await instance.connect();
    try {
      const file = path.join(monthDir, "reviews.csv").replaceAll("'", "''");
      const reader = await con.runAndReadAll(
        `SELECT review_id, title, comment FROM read_csv('${file}', header = true, all_varchar = true, quote = '"', escape = '"', delim = ',') ORDER BY review_id`,
      );
      const duck = reader.getRowObjectsJS() as Record<string, string | null>[];
      expect(duck.length).toBe(ours.length);
      const byId = new Map(ours.map((r) => [r.review_id!, r]));
      for (const d of duck) {
        const r = byId.get(String(d.review_id))!;
        expect(d.title ?? "", String(d.review_id)).toBe(r.title);
        expect(d.comment ?? "", String(d.review_id)).toBe(r.comment);
      }
    } finally {
      con.closeSync();
      instance.closeSync();
    }
  });

  it("product names with commas and quotes survive too", () => {
    const names = readTable(monthDir, "products").rows.map((r) => r.name!);
    expect(names.some((n) => n.includes(","))).toBe(true);
    expect(names.some((n) => n.includes('"'))).toBe(true);
  });
});
