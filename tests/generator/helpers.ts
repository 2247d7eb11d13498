import { readFileSync } from "node:fs";
import path from "node:path";
import type { TableName } from "@/lib/contracts";
import { zonedToEpochSeconds } from "@/lib/generator/time-zone";

/**
 * A small, independent RFC 4180 reader (the generator's writer is under test, so it is not reused):
 * quoted fields may hold commas, doubled quotes, CR and LF; records end at LF or CRLF outside quotes.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  let i = 0;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') {
      if (field !== "") throw new Error(`quote inside an unquoted field at offset ${i}`);
      quoted = true;
    } else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      record.push(field);
      records.push(record);
      record = [];
      field = "";
    } else field += ch;
  }
  if (quoted) throw new Error("unterminated quoted field");
  if (field !== "" || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

export interface Table {
  header: string[];
  rows: Record<string, string>[];
}

export function readTable(dir: string, table: TableName): Table {
  const [header, ...records] = parseCsv(readFileSync(path.join(dir, `${table}.csv`), "utf8"));
  if (!header) throw new Error(`${table}.csv is empty`);
  return {
    header,
    rows: records.map((r) => {
      if (r.length !== header.length) throw new Error(`${table}: ${r.length} fields, header has ${header.length}`);
      return Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""]));
    }),
  };
}

const TS = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z| UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Epoch seconds (fractional) of any timestamp spelling of the contract; no offset = business zone. */
export function parseTimestamp(value: string, timeZone: string): number {
  const m = TS.exec(value.trim());
  if (!m) throw new Error(`not a contract timestamp: "${value}"`);
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? "0"].map(Number) as [number, number, number, number, number, number];
  const frac = m[7] ? Number(`0.${m[7]}`) : 0;
  const zone = m[8];
  if (zone === undefined) return zonedToEpochSeconds(y, mo, d, h, mi, s, timeZone) + frac;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s) / 1000 + frac;
  if (/^(Z| UTC)$/i.test(zone)) return wall;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  const offset = Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2) || "0") * 60;
  return wall - sign * offset;
}

export const cents = (v: string | undefined) => Math.round(Number(v || "0") * 100);
