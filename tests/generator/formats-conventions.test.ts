import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTRACT_PARSE, decodeText, normalizeEnum, parseOptionsOf, parseNumber, parseTimestamp, sniffCsv, type SourceProfile } from "@/lib/contracts";
import { builtinProfile } from "@/lib/contracts/builtin-profiles";
import { FORMATS, generateMonths, generatorProfile, GeneratorOptionsError, LOCALES, PROFILE_FILE, type ForeignFormat, type Locale } from "@/lib/generator";
import { TimestampWriter } from "@/lib/generator/formats/instants";
import { encodeWindows1252, toWindows1252Text } from "@/lib/generator/formats/windows-1252";
import { Rng } from "@/lib/generator/prng";
import { instantText } from "./through-profile";

const dirs: string[] = [];
const tmp = (label: string) => {
  const d = mkdtempSync(path.join(tmpdir(), `gen-conv-${label}-`));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const folderHashes = (dir: string) => Object.fromEntries(readdirSync(dir).map((f) => [f, sha(path.join(dir, f))]));

/** A foreign file's records, decoded as its profile says (the reading is the equivalence test's; here only the bytes matter). */
function records(file: string, profile: SourceProfile): string[][] {
  const text = decodeText(readFileSync(file), profile.encoding ?? "utf-8");
  return Papa.parse<string[]>(text, { delimiter: profile.delimiter, skipEmptyLines: true }).data;
}
function column(file: string, profile: SourceProfile, header: string): string[] {
  const [head = [], ...rows] = records(file, profile);
  const i = head.findIndex((h) => h.replace(/^\uFEFF/, "") === header);
  if (i < 0) throw new Error(`${file}: no column ${header} in ${head.join("|")}`);
  return rows.map((r) => r[i] ?? "");
}

describe("timestamps in a source's conventions", () => {
  const read = (text: string, order: "YMD" | "DMY", zone: string) => instantText(text, { ...CONTRACT_PARSE, dateOrder: order }, zone);

  it("writes day-first wall time (seconds left out when 0), and reads back as the same instant", () => {
    const w = new TimestampWriter("America/Sao_Paulo", "DMY", 0, new Rng(1));
    const t = Date.UTC(2025, 10, 25, 17, 10, 20) / 1000;
    expect(w.format({ sec: t, fraction: "" })).toBe("25/11/2025 14:10:20");
    expect(w.format({ sec: t - 20, fraction: "" })).toBe("25/11/2025 14:10");
    expect(w.format({ sec: t, fraction: "25" })).toBe("2025-11-25 14:10:20.25 -0300");
    expect(read("25/11/2025 14:10", "DMY", "America/Sao_Paulo")).toBe(String(t - 20));
  });

  it("writes the offset where the wall time names two instants (the hour a zone leaves summer time)", () => {
    // São Paulo, 18 Feb 2018 00:00 BRST → 17 Feb 23:00 BRT: 23:30 happens twice.
    const sp = new TimestampWriter("America/Sao_Paulo", "DMY", 0, new Rng(1));
    const first = Date.UTC(2018, 1, 18, 1, 30) / 1000;
    const second = first + 3600;
    expect(sp.format({ sec: first, fraction: "" })).toBe("2018-02-17 23:30:00 -0200");
    expect(sp.format({ sec: second, fraction: "" })).toBe("2018-02-17 23:30:00 -0300");
    // New York, 2 Nov 2025 02:00 EDT → 01:00 EST.
    const ny = new TimestampWriter("America/New_York", "YMD", 0, new Rng(1));
    for (const t of [Date.UTC(2025, 10, 2, 5, 30) / 1000, Date.UTC(2025, 10, 2, 6, 30) / 1000, Date.UTC(2025, 10, 9, 6, 30) / 1000]) {
      expect(read(ny.format({ sec: t, fraction: "" }), "YMD", "America/New_York")).toBe(String(t));
    }
    expect(ny.format({ sec: Date.UTC(2025, 10, 9, 6, 30) / 1000, fraction: "" })).toBe("2025-11-09 01:30:00");
  });

  it("writes a share of rows with a space offset when asked", () => {
    const w = new TimestampWriter("America/New_York", "YMD", 0.3, new Rng(5));
    const out = Array.from({ length: 1000 }, (_, k) => w.format({ sec: 1_764_000_000 + k * 997, fraction: "" }));
    const withOffset = out.filter((s) => / [+-]\d{4}$/.test(s)).length;
    expect(withOffset).toBeGreaterThan(220);
    expect(withOffset).toBeLessThan(380);
    for (const s of out) expect(parseTimestamp(s), s).not.toBeNull();
  });
});

describe("Windows-1252", () => {
  it("keeps what the code page holds, replaces the rest by one ? per character, and encodes to bytes that decode back", () => {
    const text = "São Paulo, Besançon “quoted” – 10 € …";
    expect(toWindows1252Text(text)).toBe(text);
    expect(toWindows1252Text("Łódź 東京 👍🏽!")).toBe("?ód? ?? ??!");
    const bytes = encodeWindows1252(text);
    expect(bytes.length).toBe([...text].length);
    // € and … are the code page's own bytes 0x80 and 0x85 (not ISO-8859-1's, which has neither).
    expect([...bytes.subarray(bytes.length - 3)]).toEqual([0x80, 0x20, 0x85]);
    expect(decodeText(bytes, "windows-1252")).toBe(text);
    expect(() => encodeWindows1252("Łódź")).toThrow(/U\+0141/);
  });
});

describe.each([
  ["olist", "en-US"],
  ["olist", "pt-BR"],
  ["order-lines", "en-US"],
  ["order-lines", "pt-BR"],
] as [ForeignFormat, Locale][])("%s %s files", (format, locale) => {
  let dir = "";
  let monthDir = "";
  const profile = generatorProfile(format, locale);
  const fileOf = (table: "customers" | "products" | "orders" | "order_items" | "reviews" | "sessions" | "events") =>
    path.join(monthDir, profile.tables![table]!.file!.replace("*", ""));

  beforeAll(async () => {
    dir = tmp(`${format}-${locale}`);
    await generateMonths({ outDir: dir, months: ["2025-11"], scale: 0.02, seed: 3, format, locale });
    monthDir = path.join(dir, "2025-11");
  });

  it("are the profile's files plus profile.json, with nothing left over from the contract month", () => {
    const expected = [...new Set(Object.values(profile.tables ?? {}).map((t) => t.file!.replace("*", "")))].concat(PROFILE_FILE).sort();
    expect(readdirSync(monthDir).sort()).toEqual(expected);
    expect(readdirSync(dir)).toEqual(["2025-11"]);
    expect(JSON.parse(readFileSync(path.join(monthDir, PROFILE_FILE), "utf8"))).toEqual(profile);
  });

  it("are byte for byte the same for the same options, and differ for another seed", async () => {
    const again = tmp("again");
    await generateMonths({ outDir: again, months: ["2025-11"], scale: 0.02, seed: 3, format, locale });
    expect(folderHashes(path.join(again, "2025-11"))).toEqual(folderHashes(monthDir));
    const other = tmp("other");
    await generateMonths({ outDir: other, months: ["2025-11"], scale: 0.02, seed: 4, format, locale });
    expect(sha(path.join(other, "2025-11", path.basename(fileOf("orders"))))).not.toBe(sha(fileOf("orders")));
  });

  it("are written from the built-in profile: its headers and the status words it maps", () => {
    const builtin = builtinProfile(`${format}${locale === "pt-BR" ? "-pt-br" : ""}` as "olist").profile;
    const orderHeader = records(fileOf("orders"), profile)[0]!.map((h) => h.replace(/^\uFEFF/, ""));
    for (const source of Object.values(builtin.tables?.orders?.columns ?? {})) expect(orderHeader).toContain(source);
    const statusHeader = builtin.tables?.orders?.columns?.status ?? "status";
    const words = new Set(column(fileOf("orders"), profile, statusHeader).map(normalizeEnum));
    const mapped = new Set(Object.keys(builtin.tables?.orders?.values?.status ?? {}).map(normalizeEnum));
    const unmapped = [...words].filter((w) => !mapped.has(w));
    // Only contract words (and the alias canceled) go unmapped; most of the month's words are the source's own.
    expect(unmapped.every((w) => ["pending", "paid", "shipped", "delivered", "cancelled", "canceled", "returned"].includes(w)), unmapped.join(",")).toBe(true);
    expect([...words].filter((w) => mapped.has(w)).length).toBeGreaterThanOrEqual(3);
  });

  if (locale === "pt-BR") {
    it("are ';'-separated Windows-1252 with CRLF line ends, not UTF-8, and free text lost only what the code page lacks", () => {
      let nonAscii = 0;
      for (const f of readdirSync(monthDir).filter((f) => f.endsWith(".csv"))) {
        const bytes = readFileSync(path.join(monthDir, f));
        const sniffed = sniffCsv(bytes);
        expect(sniffed.ok && sniffed.delimiter, f).toBe(";");
        if (bytes.some((b) => b >= 0x80)) {
          nonAscii++;
          expect(sniffed.ok && sniffed.encoding, f).toBe("windows-1252");
          expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes), f).toThrow();
        }
        const text = bytes.toString("latin1");
        expect(text.slice(0, text.indexOf("\n") + 1), f).toMatch(/\r\n$/);
      }
      expect(nonAscii).toBeGreaterThanOrEqual(format === "order-lines" ? 6 : 2);
      const comments = column(fileOf("reviews"), profile, profile.tables?.reviews?.columns?.comment ?? "comment").join("\n");
      expect(comments).toContain("?");
      expect(comments).toMatch(/[éèçãüö]/);
    });

    it("write money with a decimal comma and '.' thousands, and day-first dates with and without seconds, some with a space offset", () => {
      const totals = format === "order-lines" ? column(fileOf("orders"), profile, "Total") : column(fileOf("order_items"), profile, "price");
      for (const v of totals) expect(v).toMatch(/^\d{1,3}(\.\d{3})*,\d{2}$/);
      // '.' groups the thousands of exactly the amounts of 1000 or more.
      for (const v of totals) expect(v.includes("."), v).toBe(Number(parseNumber(v, "decimal", parseOptionsOf(profile))) >= 1000);
      if (format === "order-lines") expect(totals.some((v) => v.includes("."))).toBe(true);
      // Without the profile these amounts are not contract decimals.
      expect(totals.filter((v) => parseNumber(v, "decimal", CONTRACT_PARSE) !== null)).toEqual([]);
      const stamps = column(fileOf("sessions"), profile, profile.tables?.sessions?.columns?.session_start ?? "session_start");
      expect(stamps.filter((s) => /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/.test(s)).length).toBeGreaterThan(stamps.length * 0.8);
      expect(stamps.some((s) => /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/.test(s))).toBe(true);
      expect(stamps.some((s) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} -0300$/.test(s))).toBe(true);
      expect(stamps.filter((s) => parseTimestamp(s) === null).length).toBeGreaterThan(stamps.length * 0.8);
    });
  } else {
    it("are ','-separated UTF-8 with '.' decimals (order-lines: with a BOM and New York times, some with an offset)", () => {
      for (const f of readdirSync(monthDir).filter((f) => f.endsWith(".csv"))) {
        const bytes = readFileSync(path.join(monthDir, f));
        const sniffed = sniffCsv(bytes);
        expect(sniffed.ok && [sniffed.delimiter, sniffed.encoding, sniffed.hasBom], f).toEqual([",", "utf-8", format === "order-lines"]);
      }
      if (format === "order-lines") {
        const dates = column(fileOf("orders"), profile, "Order Date");
        expect(dates.some((s) => / -0[45]00$/.test(s))).toBe(true);
        expect(dates.filter((s) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(s)).length).toBeGreaterThan(dates.length / 2);
      }
    });
  }

  if (format === "olist") {
    it("are Olist's: line numbers 1..n per order, no cost column, Portuguese categories, Olist status words", () => {
      const [head = [], ...items] = records(fileOf("order_items"), profile);
      const [orderAt, lineAt] = [head.indexOf("order_id"), head.indexOf("order_item_id")];
      const perOrder = new Map<string, string[]>();
      for (const r of items) perOrder.set(r[orderAt]!, [...(perOrder.get(r[orderAt]!) ?? []), r[lineAt]!]);
      for (const [order, lines] of perOrder) expect(lines, order).toEqual(lines.map((_, k) => String(k + 1)));
      expect(Math.max(...[...perOrder.values()].map((l) => l.length))).toBeGreaterThanOrEqual(2);
      const productHeader = records(fileOf("products"), profile)[0]!;
      expect(productHeader).not.toContain("cost");
      expect(productHeader).not.toContain("name");
      expect(new Set(column(fileOf("products"), profile, "product_category_name"))).toContain("cama_mesa_banho");
      if (locale === "en-US") {
        const words = new Set(column(fileOf("orders"), profile, "order_status"));
        for (const w of words) expect(["delivered", "shipped", "canceled", "invoiced", "processing", "approved", "created", "unavailable", "returned"]).toContain(w);
      }
    });
  }
});

describe("the contract format", () => {
  // sha256 of the files the generator wrote before formats existed (commit 07f91f0): the contract
  // output must not move when foreign formats change. Regenerate these only for a deliberate change.
  const GOLDEN = {
    utc: {
      opts: { months: ["2025-11"], scale: 0.01, seed: 42, businessTimeZone: "UTC" },
      files: {
        "customers.csv": "9803696bd603b4b7da05ffa6d5c7663a24cbdd5c2fd5d366257dcd049496cf2a",
        "events.csv": "923843d552f15f1c2e5f5d7599ba53a5d91ba54afe5bb34eca37b30dce887f8a",
        "order_items.csv": "aacb1c6bf5a60dca92299693d9c2ba5d303cbed3e4b2bbbcf0e823c538295763",
        "orders.csv": "d84a4e4c12912e04d1d7ca444a797876b50fb45b62efc4e5bf288d119f7a2a53",
        "products.csv": "276ed8b4b8fa74c9ca33f79ec695963c75136b9289c6e31f07cd255ca17f9b23",
        "reviews.csv": "0d23b268bcf8770791d4456ab30c7440b5186905775445a906304023fcc20b4c",
        "sessions.csv": "136b2a9cad8ba4116b9482eee529c5d4fb8b8b577be933415490f82ca089c007",
      },
    },
    saoPaulo: {
      opts: { months: ["2025-03"], scale: 0.01, seed: 7, businessTimeZone: "America/Sao_Paulo" },
      files: {
        "customers.csv": "c8cba919c753b5e9382b70c79adbd7f29f2ce5c14357e99e45cdd68bd9ee3831",
        "events.csv": "e1cdf11a731fbb7c04b5b334bdbae054e9f43b2ebfa2266cadd37a232c5583e8",
        "order_items.csv": "e6ac0d5ff8047ca6e8efd1c28ac0285007629c53319b7416ce4bb2a1f35e9c30",
        "orders.csv": "1d18891f0f40524021185dd1910005e2977f96b3e61a077a2b0d69b139f71904",
        "products.csv": "89a587879873deb0a98c9a19cdad04d114c5a952f77a02c9e736980b8032077e",
        "reviews.csv": "015370dde752a4d3acb8cfff52ede08c9fbd181d047650af20404cd0280f99c6",
        "sessions.csv": "924ebb52f45b9ded2509cff6cc0c752bdb4f5ca2b23879473e9de0d5aeef9547",
      },
    },
  } as const;

  it.each(Object.entries(GOLDEN))("%s: --format contract writes today's files byte for byte, with no profile", async (_, g) => {
    const dir = tmp("golden");
    await generateMonths({ outDir: dir, ...g.opts, months: [...g.opts.months], format: "contract" });
    const monthDir = path.join(dir, g.opts.months[0]);
    expect(folderHashes(monthDir)).toEqual(g.files);
    expect(existsSync(path.join(monthDir, PROFILE_FILE))).toBe(false);
  });

  it("refuses an unknown format or locale, and a locale for the contract format", async () => {
    const base = { outDir: path.join(tmpdir(), "never-written"), months: ["2025-11"] };
    expect(FORMATS).toEqual(["contract", "olist", "order-lines"]);
    expect(LOCALES).toEqual(["en-US", "pt-BR"]);
    await expect(generateMonths({ ...base, format: "xml" as never })).rejects.toThrow(/format must be one of contract, olist, order-lines/);
    await expect(generateMonths({ ...base, format: "olist", locale: "fr-FR" as never })).rejects.toThrow(/locale must be one of en-US, pt-BR/);
    await expect(generateMonths({ ...base, locale: "pt-BR" })).rejects.toThrow(GeneratorOptionsError);
    expect(existsSync(base.outDir)).toBe(false);
  });
});
