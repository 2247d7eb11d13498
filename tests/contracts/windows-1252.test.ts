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

  it("classifies a whole file of several reads: ASCII rows under an accented header, Latin-1, Windows-1252 in the last read", async () => {
    const { mkdtemp, rm, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { singleByteKind, scanHighBytes } = await import("@/lib/pipeline/csv/transcode");
    const dir = await mkdtemp(path.join(tmpdir(), "c1-"));
    const kind = async (name: string, bytes: Uint8Array) => {
      await writeFile(path.join(dir, name), bytes);
      return singleByteKind(path.join(dir, name));
    };
    try {
      // 9 MiB + 5 bytes: ten reads of the 1 MiB buffer, the last one short; "Sessão" in the header line.
      const bytes = new Uint8Array(9 * 1024 * 1024 + 5).fill(0x61);
      bytes.set([0x53, 0x65, 0x73, 0x73, 0xe3, 0x6f, 0x0a], 0);
      for (let i = 100; i < bytes.length; i += 997) bytes[i] = 0x0a;
      expect(await kind("ascii.csv", bytes)).toBe("ascii");
      // One ã in the last short read makes the rows Latin-1.
      const latin = new Uint8Array(bytes);
      latin[latin.length - 2] = 0xe3;
      expect(await kind("latin1.csv", latin)).toBe("latin-1");
      latin[latin.length - 3] = 0x80; // €
      expect(await kind("cp1252.csv", latin)).toBe("windows-1252");
      // A € anywhere, the header included, is decoded as Windows-1252 (never taken for Latin-1).
      const headerEuro = new Uint8Array(bytes);
      headerEuro[2] = 0x80;
      expect(await kind("header-euro.csv", headerEuro)).toBe("windows-1252");
      // A header line longer than one read: the rows start in the second read.
      const longHeader = new Uint8Array(bytes);
      longHeader.fill(0xe7, 0, 5 * 1024 * 1024); // ç…
      longHeader[5 * 1024 * 1024] = 0x0a;
      expect(await kind("long-header.csv", longHeader)).toBe("ascii");
      // A € in a later read of that header, before the rows' first line, in the read where they start.
      const headerEuroLate = new Uint8Array(longHeader);
      headerEuroLate[4.5 * 1024 * 1024] = 0x80;
      expect(await kind("long-header-euro.csv", headerEuroLate)).toBe("windows-1252");
      headerEuroLate[4.5 * 1024 * 1024] = 0xe7;
      headerEuroLate[5 * 1024 * 1024 - 1] = 0x80;
      expect(await kind("long-header-euro-last.csv", headerEuroLate)).toBe("windows-1252");
      longHeader[5 * 1024 * 1024 + 10] = 0xe7;
      expect(await kind("long-header-latin.csv", longHeader)).toBe("latin-1");
      expect(await kind("empty.csv", new Uint8Array(0))).toBe("ascii");
      expect(await kind("header-only.csv", Uint8Array.of(0x53, 0xe3))).toBe("ascii");
      // Every alignment of the word loop, a high byte at its edges and in its middle.
      const rows = bytes.subarray(8, 8 + 4004);
      for (const offset of [0, 1, 2, 3]) {
        expect(scanHighBytes(rows.subarray(offset))).toEqual({ c1: false, high: false });
        for (const at of [0, 1, 2, 3, 2000, rows.length - offset - 1]) {
          const copy = new Uint8Array(rows);
          copy[offset + at] = 0xa0;
          const where = `offset ${offset}, byte ${at}`;
          expect(scanHighBytes(copy.subarray(offset)), where).toEqual({ c1: false, high: true });
          // Before `from` a high byte is not counted; a C1 byte is, wherever it is.
          expect(scanHighBytes(copy.subarray(offset), at + 1), where).toEqual({ c1: false, high: false });
          copy[offset + at] = 0x80;
          expect(scanHighBytes(copy.subarray(offset), at + 1).c1, where).toBe(true);
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("knows a UTF-8 file under a single-byte profile by its whole rows, not its sample (past 64 KB it was garbled silently), a character cut by a read included", async () => {
    const { mkdtemp, rm, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { lineOfFirstHighByte, singleByteKind } = await import("@/lib/pipeline/csv/transcode");
    const dir = await mkdtemp(path.join(tmpdir(), "u8-"));
    const file = async (name: string, bytes: Uint8Array) => {
      await writeFile(path.join(dir, name), bytes);
      return path.join(dir, name);
    };
    try {
      // 3 MiB of ASCII lines, then "São", "Ação" and "€" (E2 82 AC: bytes 0x80–0x9F, as Windows-1252's €) in UTF-8.
      const ascii = Buffer.from("c1,2025-11-01T00:00:00Z,BR,Recife\n".repeat(96 * 1024));
      const header = Buffer.from("customer_id,signup_ts,country,city\n");
      const utf8Rows = Buffer.from("c2,2025-11-01T00:00:00Z,BR,São Paulo\nc3,2025-11-01T00:00:00Z,BR,Ação €\n", "utf8");
      const u8 = await file("utf8.csv", Buffer.concat([header, ascii, utf8Rows]));
      expect(await singleByteKind(u8)).toBe("utf-8");
      expect(await lineOfFirstHighByte(u8)).toBe(2 + 96 * 1024);
      // "ã" (C3 A3) cut by the 1 MiB read: still UTF-8, not an error at the boundary.
      for (const cut of [1, 2]) {
        const pad = Buffer.alloc((1 << 20) - header.length - cut, 0x61);
        const split = Buffer.concat([header, pad, Buffer.from("ã,€\n", "utf8"), ascii]);
        expect(await singleByteKind(await file(`split-${cut}.csv`, split)), `cut ${cut}`).toBe("utf-8");
      }
      // The same words in Windows-1252 (ã = E3, ç = E7, € = 80) are no UTF-8: transcoded as before.
      const cp1252Rows = Buffer.from([..."c2,2025-11-01T00:00:00Z,BR,São Paulo\nc3,x,BR,Ação €\n"].map((ch) => (ch === "€" ? 0x80 : ch.charCodeAt(0))));
      expect(await singleByteKind(await file("cp1252.csv", Buffer.concat([header, ascii, cp1252Rows])))).toBe("windows-1252");
      // One UTF-8 accent among Latin-1 ones: Latin-1 (a Windows-1252 reading is right for most of it).
      const mixed = Buffer.concat([header, Buffer.from("c1,x,BR,São\n", "utf8"), Buffer.from("c2,x,BR,S\xe3o\n", "latin1")]);
      expect(await singleByteKind(await file("mixed.csv", mixed))).toBe("latin-1");
      // A file whose lines end in bare CRs (Excel for Mac): its rows were all taken for the header line.
      const cr = Buffer.from("customer_id,city\rc1,S\xe3o\r", "latin1");
      const crFile = await file("cr.csv", cr);
      expect(await singleByteKind(crFile)).toBe("latin-1");
      expect(await lineOfFirstHighByte(crFile)).toBe(2);
      expect(await lineOfFirstHighByte(await file("crlf.csv", Buffer.from("a\r\nb\r\n\xe3\n", "latin1")))).toBe(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
