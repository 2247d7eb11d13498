import { describe, expect, it } from "vitest";
import { decodeText, sniffCsv } from "@/lib/contracts";
import { WINDOWS_1252_80_9F } from "@/lib/contracts/windows-1252";

describe("Windows-1252 decoding on the server", () => {
  it("reads 0x80–0x9F as the code page's characters, as a browser does (Node 20's decoder gives C1 controls)", () => {
    // "“Preço” 10 € – ok…" as a Brazilian spreadsheet saves it.
    const bytes = Uint8Array.from([0x93, 0x50, 0x72, 0x65, 0xe7, 0x6f, 0x94, 0x20, 0x31, 0x30, 0x20, 0x80, 0x20, 0x96, 0x20, 0x6f, 0x6b, 0x85]);
    expect(decodeText(bytes, "windows-1252")).toBe("“Preço” 10 € – ok…");
    // latin1 is read as windows-1252 (WHATWG), so the same bytes give the same text.
    expect(decodeText(bytes, "latin1")).toBe("“Preço” 10 € – ok…");
    const header = Uint8Array.from([...new TextEncoder().encode("Pedido;Situa"), 0xe7, 0xe3, 0x6f, 0x3b, 0x80, 0x0a]);
    const sniffed = sniffCsv(header);
    expect(sniffed.ok && sniffed.header).toEqual(["Pedido", "Situação", "€"]);
  });

  it("keeps the five bytes the code page leaves undefined as their C1 controls, and the table is the WHATWG one", () => {
    expect(decodeText(Uint8Array.from([0x81, 0x8d, 0x8f, 0x90, 0x9d]), "windows-1252")).toBe("\u0081\u008d\u008f\u0090\u009d");
    expect(WINDOWS_1252_80_9F).toHaveLength(32);
    expect(String.fromCodePoint(WINDOWS_1252_80_9F[0x9f - 0x80]!, WINDOWS_1252_80_9F[0x8a - 0x80]!, WINDOWS_1252_80_9F[0x99 - 0x80]!)).toBe("ŸŠ™");
  });
});

describe("Windows-1252 files transcoded for job 1 (lib/pipeline/csv/transcode.ts)", () => {
  /** Writes `bytes`, transcodes them from `encoding` and answers the UTF-8 copy's text. */
  async function transcoded(bytes: Uint8Array, encoding: "windows-1252" | "latin1"): Promise<string> {
    const { mkdtemp, readFile, rm, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { transcodeToUtf8 } = await import("@/lib/pipeline/csv/transcode");
    const dir = await mkdtemp(path.join(tmpdir(), "transcode-"));
    try {
      await writeFile(path.join(dir, "in.csv"), bytes);
      await transcodeToUtf8(path.join(dir, "in.csv"), path.join(dir, "out.csv"), encoding);
      return await readFile(path.join(dir, "out.csv"), "utf8");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it("the UTF-8 copy has the code page's characters, as the plan's header, the browser and the Glue runner read them (Node 20's streaming decoder is right where its one-shot decode is not)", async () => {
    const bytes = Uint8Array.from([0x61, 0x3b, 0x62, 0x0d, 0x0a, 0x93, 0x50, 0x72, 0x65, 0xe7, 0x6f, 0x94, 0x3b, 0x80, 0x81, 0x85, 0x0d, 0x0a]);
    for (const encoding of ["windows-1252", "latin1"] as const) {
      const text = await transcoded(bytes, encoding);
      expect(text).toBe("a;b\r\n“Preço”;€\u0081…\r\n");
      expect(text).toBe(decodeText(bytes, encoding));
    }
  });

  it("a file of several read chunks with every byte value converts as the one-shot decoder reads it", async () => {
    // 3.5 MiB: chunk boundaries (1 MiB reads) fall inside runs of non-ASCII bytes.
    const bytes = new Uint8Array(3.5 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 7 === 0 ? 0x0a : 0x20 + ((i * 31) % 0xdf);
    expect((await transcoded(bytes, "windows-1252")) === decodeText(bytes, "windows-1252")).toBe(true);
  });

  it("finds a byte 0x80–0x9F wherever it is (the word scan's head, middle and tail), and none in Latin-1 text", async () => {
    const { hasC1Byte } = await import("@/lib/pipeline/csv/transcode");
    const text = new Uint8Array(1031).fill(0x61);
    for (let i = 0; i < text.length; i += 97) text[i] = 0xe7; // ç: Latin-1, not a C1 byte
    for (const offset of [0, 1, 2, 3]) {
      const view = text.subarray(offset);
      expect(hasC1Byte(view), `offset ${offset}`).toBe(false);
      for (const at of [0, 1, 2, 3, 500, 501, 502, 503, view.length - 3, view.length - 2, view.length - 1]) {
        const copy = new Uint8Array(text);
        copy[offset + at] = 0x80 + (at % 32);
        expect(hasC1Byte(copy.subarray(offset)), `offset ${offset}, byte ${at}`).toBe(true);
      }
    }
    expect(hasC1Byte(new Uint8Array(0))).toBe(false);
    expect(hasC1Byte(Uint8Array.of(0x9f))).toBe(true);
    expect(hasC1Byte(Uint8Array.of(0xa0, 0x7f, 0xff))).toBe(false);
  });

  it("scans a whole file of several reads: a 0x80–0x9F byte in its last read is found, Latin-1 alone is not", async () => {
    const { mkdtemp, rm, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { hasWindows1252Specials } = await import("@/lib/pipeline/csv/transcode");
    const dir = await mkdtemp(path.join(tmpdir(), "c1-"));
    try {
      // 9 MiB + 5 bytes: three reads of the 4 MiB buffer, the last one short.
      const bytes = new Uint8Array(9 * 1024 * 1024 + 5).fill(0x61);
      for (let i = 0; i < bytes.length; i += 1013) bytes[i] = 0xe3; // ã
      await writeFile(path.join(dir, "latin1.csv"), bytes);
      expect(await hasWindows1252Specials(path.join(dir, "latin1.csv"))).toBe(false);
      bytes[bytes.length - 2] = 0x80; // €, in the last short read
      await writeFile(path.join(dir, "cp1252.csv"), bytes);
      expect(await hasWindows1252Specials(path.join(dir, "cp1252.csv"))).toBe(true);
      await writeFile(path.join(dir, "empty.csv"), new Uint8Array(0));
      expect(await hasWindows1252Specials(path.join(dir, "empty.csv"))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
