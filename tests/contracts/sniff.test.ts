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
    expect(sniffCsv(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0]))).toMatchObject({ ok: false, rule: "binary" });
  });
});
