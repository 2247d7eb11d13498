import { ChunkedFileWriter } from "./chunked-file";

export type CsvValue = string | number | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 field: quoted when it holds a comma, quote, CR or LF; inner quotes doubled. null → empty. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  const s = typeof value === "number" ? String(value) : value;
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A record with its LF terminator. */
export function csvLine(values: readonly CsvValue[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ",";
    line += csvField(values[i]);
  }
  return line + "\n";
}

export type { CsvFileStats } from "./chunked-file";

export class CsvFileWriter extends ChunkedFileWriter {
  static async open(path: string, header: readonly string[]): Promise<CsvFileWriter> {
    const writer = new CsvFileWriter(path, await ChunkedFileWriter.openStream(path));
    writer.append(csvLine(header));
    return writer;
  }

  /** Appends a record; values are quoted as needed. */
  row(values: readonly CsvValue[]): void {
    this.line(csvLine(values));
  }

  /** Appends a record built by the caller (already escaped, ending in "\n"): the hot path for big tables. */
  line(text: string): void {
    this.append(text);
    this.rowCount++;
  }

  /** Appends `count` records given as one string (a session's events): fewer encode calls. */
  lines(text: string, count: number): void {
    this.append(text);
    this.rowCount += count;
  }

  // 3 bytes per UTF-16 unit is the UTF-8 worst case.
  protected worstBytes(text: string): number {
    return text.length * 3;
  }

  protected encodeInto(text: string, buf: Buffer, pos: number): number {
    return buf.write(text, pos, "utf8");
  }
}
