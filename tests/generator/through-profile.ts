import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import {
  checkValue,
  CONTRACT_PARSE,
  decodeText,
  mappedValue,
  parseOptionsOf,
  parseTimestamp,
  profileTablesForFile,
  resolveColumns,
  sniffCsv,
  TABLES,
  type ParseOptions,
  type SourceProfile,
  type TableName,
} from "@/lib/contracts";
import { zonedToEpochSeconds } from "@/lib/generator/time-zone";

/**
 * Reads a month the way the pipeline does, in TypeScript: a contract month as the contract says, a
 * foreign month through its profile (sniffCsv with the profile's encoding and delimiter, Papa Parse
 * for the rows, resolveColumns + mappedValue + checkValue with the profile's conventions). Values are
 * the contract's (checkValue's output); timestamps become instants (`<epoch ms>` text, fraction kept).
 */
export interface ReadTable {
  file: string;
  header: string[];
  rows: Record<string, string | null>[];
  /** Rows or fields checkValue refused: `line column rule "raw"`. */
  problems: string[];
}

const YEAR = new Date().getUTCFullYear();

/** Epoch milliseconds (fraction digits kept) of a timestamp; no offset = the zone. */
export function instantText(raw: string, opts: ParseOptions, zone: string): string {
  const t = parseTimestamp(raw, opts);
  if (!t) throw new Error(`not a timestamp: "${raw}"`);
  const sec =
    t.offsetMinutes === null ? zonedToEpochSeconds(t.year, t.month, t.day, t.hour, t.minute, t.second, zone) : Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) / 1000 - t.offsetMinutes * 60;
  const fraction = (/:\d{2}\.(\d+)/.exec(raw)?.[1] ?? "").replace(/0+$/, "");
  return fraction ? `${sec}.${fraction}` : String(sec);
}

function readRecords(file: string, profile: SourceProfile | null): string[][] {
  const bytes = readFileSync(file);
  const sniff = sniffCsv(bytes, { encoding: profile?.encoding ?? "utf-8", delimiter: profile?.delimiter ?? "," });
  if (!sniff.ok) throw new Error(`${file}: ${sniff.message}`);
  let text = decodeText(bytes, sniff.encoding);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parsed = Papa.parse<string[]>(text, { delimiter: sniff.delimiter, skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new Error(`${file}: ${parsed.errors[0]!.message} at row ${parsed.errors[0]!.row}`);
  return parsed.data;
}

function readTable(file: string, table: TableName, profile: SourceProfile | null, zone: string): ReadTable {
  const [header = [], ...records] = readRecords(file, profile);
  const opts = profile ? parseOptionsOf(profile) : CONTRACT_PARSE;
  const res = resolveColumns(table, header, profile?.tables?.[table]);
  if (res.missingRequired.length > 0) throw new Error(`${file} as ${table}: missing ${res.missingRequired.join(", ")}`);
  const problems: string[] = [];
  const rows = records.map((record, n) => {
    const row: Record<string, string | null> = {};
    for (const col of TABLES[table].columns) {
      const i = res.indexOf[col.name];
      const raw = mappedValue(res, col.name, i === undefined ? undefined : record[i]);
      const checked = checkValue(col, raw, YEAR, opts);
      if (!checked.ok) {
        problems.push(`line ${n + 2} ${col.name} ${checked.rule} "${raw}"`);
        row[col.name] = null;
        continue;
      }
      row[col.name] = col.type === "timestamp" && checked.value !== null ? instantText(checked.value, opts, profile?.timezone ?? zone) : checked.value;
    }
    return row;
  });
  return { file, header, rows, problems };
}

export function readContractTable(monthDir: string, table: TableName, businessTimeZone: string): ReadTable {
  return readTable(path.join(monthDir, `${table}.csv`), table, null, businessTimeZone);
}

/** The one file of the folder the profile reads as this table. */
export function profileFile(monthDir: string, profile: SourceProfile, table: TableName): string {
  const files = readdirSync(monthDir).filter((f) => profileTablesForFile(profile, f).includes(table));
  if (files.length !== 1) throw new Error(`${table}: ${files.length} files of ${monthDir} match the profile (${files.join(", ")})`);
  return path.join(monthDir, files[0]!);
}

/**
 * A table of a foreign month through its profile. A file that feeds `orders` and `order_items` gives
 * one order per order id ("rows that repeat the same order are one order"); every repeat must agree.
 */
export function readThroughProfile(monthDir: string, profile: SourceProfile, table: TableName, businessTimeZone: string): ReadTable {
  const file = profileFile(monthDir, profile, table);
  const t = readTable(file, table, profile, businessTimeZone);
  if (table !== "orders" || profileTablesForFile(profile, path.basename(file)).length === 1) return t;
  const seen = new Map<string, Record<string, string | null>>();
  for (const row of t.rows) {
    const first = seen.get(row.order_id ?? "");
    if (!first) seen.set(row.order_id ?? "", row);
    else if (JSON.stringify(first) !== JSON.stringify(row)) t.problems.push(`order ${row.order_id}: its lines disagree on the order's columns`);
  }
  return { ...t, rows: [...seen.values()] };
}
