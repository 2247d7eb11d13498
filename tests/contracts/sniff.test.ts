import { describe, expect, it } from "vitest";
import { CSV_LIMITS, sniffCsv } from "@/lib/contracts";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("sniffCsv: encoding, delimiter and header, within the shape limits", () => {
  it("detects the delimiter and the encoding", () => {
    expect(sniffCsv(bytes("Pedido;Cliente;Data\n1;2;3\n"))).toMatchObject({ ok: true, delimiter: ";", encoding: "utf-8", header: ["Pedido", "Cliente", "Data"] });
    expect(sniffCsv(bytes("a\tb\n1\t2\n"))).toMatchObject({ ok: true, delimiter: "\t" });
    expect(sniffCsv(Uint8Array.from([0x53, 0xe3, 0x6f, 0x3b, 0x78, 0x0a]))).toMatchObject({ ok: true, encoding: "windows-1252", header: ["São", "x"] });
    expect(sniffCsv(bytes('"a\nb",c\n1,2'))).toMatchObject({ ok: true, header: ["a\nb", "c"] });
  });

  it("a said delimiter or encoding is used, not guessed", () => {
    expect(sniffCsv(bytes("a;b,c\n"), { delimiter: "," })).toMatchObject({ ok: true, header: ["a;b", "c"] });
    expect(sniffCsv(Uint8Array.from([0x53, 0xe3, 0x6f, 0x0a]), { encoding: "utf-8" })).toMatchObject({ ok: false, rule: "encoding" });
  });

  it("reads Excel's sep= first line: its delimiter (over sniffing and a profile's), the header on line 2", () => {
    // As Excel writes it: a BOM, then sep=; and CRLF.
    const excel = "\uFEFFsep=;\r\norder_id;total;note\r\no1;1,5;a,b\r\n";
    expect(sniffCsv(bytes(excel))).toMatchObject({ ok: true, delimiter: ";", header: ["order_id", "total", "note"], hasBom: true, headerLine: 2, sepLine: ";" });
    // A header that splits on either delimiter: the line decides.
    expect(sniffCsv(bytes("sep=,\na;b,c;d\n"))).toMatchObject({ ok: true, delimiter: ",", header: ["a;b", "c;d"], headerLine: 2 });
    expect(sniffCsv(bytes('"sep=|"\na|b\n'))).toMatchObject({ ok: true, delimiter: "|", header: ["a", "b"], sepLine: "|" });
    expect(sniffCsv(bytes("SEP=\t\t\t\na\tb\tc\n"))).toMatchObject({ ok: true, delimiter: "\t", header: ["a", "b", "c"] });
    // A profile says ";", the file says ",": the file's own line wins (the plan warns).
    expect(sniffCsv(bytes("sep=,\r\na,b\r\n"), { delimiter: ";" })).toMatchObject({ ok: true, delimiter: ",", header: ["a", "b"] });
    // Not a sep line: a header that merely starts so, and a file without one.
    expect(sniffCsv(bytes("sep=;x,y\n1,2\n"))).toMatchObject({ ok: true, headerLine: 1, sepLine: null });
    expect(sniffCsv(bytes("a,b\n"))).toMatchObject({ ok: true, headerLine: 1, sepLine: null });
    expect(sniffCsv(bytes("sep=:\r\na:b\r\n"))).toEqual({ ok: false, rule: "header", message: 'the first line "sep=:" names the delimiter ":", which is not one of , ; tab |' });
    expect(sniffCsv(bytes("sep=;\r\n"))).toMatchObject({ ok: false, rule: "empty", line: 2 });
    // Windows-1252 and UTF-16 (Excel's "Unicode text") read the line the same way.
    expect(sniffCsv(Uint8Array.from([...bytes("sep=;\r\nS"), 0xe3, ...bytes("o;x\r\n")]))).toMatchObject({ ok: true, encoding: "windows-1252", header: ["São", "x"], headerLine: 2 });
    const utf16 = new Uint8Array([0xff, 0xfe, ...[..."sep=\t\r\na\tb\r\n"].flatMap((ch) => [ch.charCodeAt(0), 0])]);
    expect(sniffCsv(utf16)).toMatchObject({ ok: true, encoding: "utf-16", delimiter: "\t", header: ["a", "b"], headerLine: 2 });
  });

  it("refuses headers over the limits before reading on", () => {
    const many = Array.from({ length: CSV_LIMITS.maxColumns + 1 }, (_, i) => `c${i}`).join(",");
    expect(sniffCsv(bytes(`${many}\n1\n`))).toEqual({ ok: false, rule: "limits", message: `the header has ${CSV_LIMITS.maxColumns + 1} columns; at most ${CSV_LIMITS.maxColumns} are read (limit: columns)` });
    expect(sniffCsv(bytes(`${Array.from({ length: CSV_LIMITS.maxColumns }, (_, i) => `c${i}`).join(",")}\n`))).toMatchObject({ ok: true });
    const longName = "n".repeat(CSV_LIMITS.maxHeaderNameChars + 1);
    expect(sniffCsv(bytes(`${longName},b\n`))).toMatchObject({ ok: false, rule: "limits" });
    const huge = "x".repeat(CSV_LIMITS.maxHeaderBytes + 5);
    expect(sniffCsv(bytes(huge).subarray(0, CSV_LIMITS.maxHeaderBytes))).toMatchObject({ ok: false, rule: "limits" });
  });

  it("empty and binary files", () => {
    expect(sniffCsv(new Uint8Array())).toMatchObject({ ok: false, rule: "empty" });
    expect(sniffCsv(bytes(" \n\n"))).toMatchObject({ ok: false, rule: "empty" });
    expect(sniffCsv(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0]))).toMatchObject({ ok: false, rule: "binary", message: "the file is binary, not CSV text" });
  });

  it("a UTF-8 file read through a Windows-1252 or Latin-1 profile is named, with the line of its first accent (it was garbled silently)", () => {
    const utf8 = bytes("customer_id,city\nc1,Lyon\nc2,São Paulo\n");
    for (const encoding of ["windows-1252", "latin1"] as const) {
      expect(sniffCsv(utf8, { encoding })).toEqual({
        ok: false, rule: "encoding", line: 3,
        message: `the file is UTF-8 text, but its profile reads it as ${encoding.toUpperCase()}: its accents would be garbled ("São" read as "SÃ£o"). Set the profile's encoding to utf-8, or send the file without the profile`,
      });
    }
    // With a BOM: line 1 (it read as a missing first column).
    expect(sniffCsv(Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes("order_id\no1\n")]), { encoding: "windows-1252" })).toMatchObject({ ok: false, rule: "encoding", line: 1 });
    // The same text really in Windows-1252, and plain ASCII, read as said.
    const cp1252 = Uint8Array.from([...bytes("customer_id,city\nc2,S"), 0xe3, ...bytes("o Paulo\n")]);
    expect(sniffCsv(cp1252, { encoding: "windows-1252" })).toMatchObject({ ok: true, header: ["customer_id", "city"] });
    expect(sniffCsv(bytes("customer_id,city\nc1,Lyon\n"), { encoding: "latin1" })).toMatchObject({ ok: true });
  });

  it("a NUL byte in one row of a text file is that row's problem (job 1 rejects it), not a binary file (the whole table failed)", () => {
    const rows = Array.from({ length: 50 }, (_, i) => `P${i},Product ${i},Home,1.00`).join("\n");
    const text = bytes(`product_id,name,category,price\n${rows}\nP50,Or\u0000bit,Home,2.00\n`);
    expect(sniffCsv(text)).toMatchObject({ ok: true, header: ["product_id", "name", "category", "price"] });
    // Many NULs are a binary file's.
    const binary = new Uint8Array(2000).map((_, i) => (i % 7 === 0 ? 0 : 65));
    expect(sniffCsv(binary)).toMatchObject({ ok: false, rule: "binary" });
  });

  it("names what a file sent by mistake is: a workbook, an archive, a PDF, UTF-16 where UTF-8 was said", () => {
    const xlsx = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    for (const opts of [{}, { encoding: "utf-8" as const, delimiter: "," as const }]) {
      expect(sniffCsv(xlsx, opts)).toEqual({ ok: false, rule: "binary", message: "the file is a ZIP archive (an Excel .xlsx workbook is one), not CSV text: export the table as CSV (UTF-8)" });
    }
    expect(sniffCsv(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toMatchObject({ ok: false, rule: "binary", message: expect.stringContaining("an Excel 97–2003 (.xls) workbook") });
    expect(sniffCsv(Uint8Array.from([0x1f, 0x8b, 0x08, 0x00]))).toMatchObject({ ok: false, rule: "binary", message: expect.stringContaining("gzip-compressed") });
    expect(sniffCsv(bytes("%PDF-1.7\n%\u00e2\n"))).toMatchObject({ ok: false, rule: "binary", message: expect.stringContaining("a PDF document") });
    // Excel's "Unicode text": UTF-16LE with a BOM, tab-delimited. Read as said (UTF-8), it is named; read auto, it is read.
    const text = "order_id\tstatus\r\nO1\tpaid\r\n";
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i);
    expect(sniffCsv(utf16, { encoding: "utf-8", delimiter: "," })).toMatchObject({ ok: false, rule: "encoding", message: `the file is UTF-16 text (as Excel saves "Unicode text"), not UTF-8` });
    expect(sniffCsv(utf16.subarray(2), { encoding: "utf-8", delimiter: "," })).toMatchObject({ ok: false, rule: "encoding" });
    expect(sniffCsv(utf16)).toMatchObject({ ok: true, encoding: "utf-16", delimiter: "\t", header: ["order_id", "status"] });
  });
});
