import { describe, expect, it } from "vitest";
import { parseCsv } from "@/lib/upload-check";

const fields = (text: string, final = true) => parseCsv(text, { final }).records.map((r) => r.fields);

describe("parseCsv (RFC 4180)", () => {
  it("reads plain records with LF and CRLF line ends", () => {
    expect(fields("a,b\n1,2\n3,4\n")).toEqual([["a", "b"], ["1", "2"], ["3", "4"]]);
    expect(fields("a,b\r\n1,2\r\n3,4\r\n")).toEqual([["a", "b"], ["1", "2"], ["3", "4"]]);
    expect(fields("a,b\r1,2")).toEqual([["a", "b"], ["1", "2"]]);
  });

  it("reads quoted fields holding commas, doubled quotes and line breaks", () => {
    const text = 'id,comment\n1,"Hello, world"\n2,"She said ""hi"""\n3,"line one\r\nline two\nline three"\n4,""\n';
    const res = parseCsv(text, { final: true });
    expect(res.records.map((r) => r.fields)).toEqual([
      ["id", "comment"],
      ["1", "Hello, world"],
      ["2", 'She said "hi"'],
      ["3", "line one\r\nline two\nline three"],
      ["4", ""],
    ]);
    // The record after the multi-line one starts on line 7, not on record number 5.
    expect(res.records.map((r) => r.line)).toEqual([1, 2, 3, 4, 7]);
  });

  it("strips the UTF-8 BOM from the first header name", () => {
    const res = parseCsv("\uFEFForder_id,total\n1,2\n", { final: true });
    expect(res.hasBom).toBe(true);
    expect(res.records[0]!.fields).toEqual(["order_id", "total"]);
  });

  it("keeps empty fields, including trailing ones, and skips blank lines", () => {
    expect(fields("a,b,c\n1,,\n\n\n,2,\n")).toEqual([["a", "b", "c"], ["1", "", ""], ["", "2", ""]]);
  });

  it("reads a last record without a line break when the text is the whole file", () => {
    expect(fields("a\n1")).toEqual([["a"], ["1"]]);
  });

  it("leaves out a possibly cut last record of a partial text and reports what it consumed", () => {
    const text = 'a,b\n1,2\n3,"unfinished\nstill going';
    const res = parseCsv(text, { final: false });
    expect(res.records.map((r) => r.fields)).toEqual([["a", "b"], ["1", "2"]]);
    expect(res.consumed).toBe("a,b\n1,2\n".length);
    expect(res.reachedEnd).toBe(false);
    expect(res.unterminatedQuoteLine).toBeNull();

    const cutMidField = parseCsv("a,b\n1,2\n3,4", { final: false });
    expect(cutMidField.records).toHaveLength(2);
  });

  it("reports a quote that never closes in a whole file", () => {
    const res = parseCsv('a,b\n1,2\n3,"oops\n4,5\n', { final: true });
    expect(res.unterminatedQuoteLine).toBe(3);
    expect(res.records).toHaveLength(2);
  });

  it("reads text after a closing quote leniently and notes the line", () => {
    const res = parseCsv('a,b\n"x"y,2\n', { final: true });
    expect(res.records[1]!.fields).toEqual(["xy", "2"]);
    expect(res.strayQuoteLines).toEqual([2]);
  });

  it("treats a quote inside an unquoted field as a character", () => {
    expect(fields('a,b\n5" screen,2\n')).toEqual([["a", "b"], ['5" screen', "2"]]);
  });

  it("stops after maxRecords", () => {
    const res = parseCsv("a\n1\n2\n3\n", { final: true, maxRecords: 2 });
    expect(res.records.map((r) => r.fields)).toEqual([["a"], ["1"]]);
    expect(res.reachedEnd).toBe(false);
  });
});
