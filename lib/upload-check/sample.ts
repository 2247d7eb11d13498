import { decodeText, sniffCsv, type ConcreteDelimiter, type Delimiter, type Encoding, type SniffFailure } from "../contracts";
import { CsvReader, type CsvReaderState, type CsvRecord } from "./csv-reader";

/** How a file is read: a profile's encoding and delimiter, or "auto" to detect them. */
export interface ReadFormat {
  encoding: Encoding | "auto";
  delimiter: Delimiter;
}

export interface ParsedSample {
  ok: true;
  encoding: Encoding;
  delimiter: ConcreteDelimiter;
  hasBom: boolean;
  header: string[];
  /** The first data records (up to `maxRows`), with their lines. */
  rows: CsvRecord[];
  /** Data records in the whole sample (may be more than `rows`). */
  dataRecords: number;
  /** Bytes of the file taken by the header and the data records read. */
  headerBytes: number;
  consumedBytes: number;
  reader: CsvReaderState;
}

/** The bytes a text takes in an encoding (the sample's row estimate counts bytes of the file). */
export function byteLength(text: string, encoding: Encoding): number {
  if (encoding === "utf-8") return new TextEncoder().encode(text).length;
  return encoding === "utf-16" ? text.length * 2 : text.length;
}

/**
 * Reads the start of a file (or all of it): the header through `sniffCsv` (encoding, delimiter and the
 * shape limits first, before anything else), then the records with Papa Parse.
 */
export function parseSample(bytes: Uint8Array, complete: boolean, format: ReadFormat, maxRows = 1000): ParsedSample | SniffFailure {
  const sniffed = sniffCsv(bytes, { encoding: format.encoding, delimiter: format.delimiter });
  if (!sniffed.ok) return sniffed;
  let text: string;
  try {
    text = decodeText(bytes, sniffed.encoding, complete);
  } catch {
    return { ok: false, rule: "encoding", message: `the file is not ${sniffed.encoding.toUpperCase()} text` };
  }
  const rows: CsvRecord[] = [];
  let header: string[] | null = null;
  let headerChars = 0;
  const reader = new CsvReader(sniffed.delimiter, sniffed.encoding, (r) => {
    if (header === null) {
      header = r.fields;
      headerChars = reader.state.consumedChars;
      return;
    }
    if (rows.length < maxRows) rows.push(r);
  }, sniffed.headerLine - 1);
  reader.push(text, complete);
  const bom = sniffed.hasBom ? (sniffed.encoding === "utf-16" ? 2 : 3) : 0;
  const consumed = text.slice(0, reader.state.consumedChars);
  return {
    ok: true,
    encoding: sniffed.encoding,
    delimiter: sniffed.delimiter,
    hasBom: sniffed.hasBom,
    header: header ?? sniffed.header,
    rows,
    dataRecords: Math.max(0, reader.state.records - 1),
    headerBytes: bom + byteLength(consumed.slice(0, headerChars), sniffed.encoding),
    consumedBytes: bom + byteLength(consumed, sniffed.encoding),
    reader: reader.state,
  };
}
