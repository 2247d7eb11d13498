import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import type { CsvFileStats } from "../csv-writer";
import { encodeWindows1252 } from "./windows-1252";

export interface CsvConventions {
  delimiter: "," | ";" | "\t" | "|";
  encoding: "utf-8" | "windows-1252";
  eol: "\n" | "\r\n";
  /** A UTF-8 byte order mark first, as spreadsheet-friendly exports write it. */
  bom: boolean;
}

const CHUNK_CHARS = 1 << 20;

/**
 * A CSV file in a shop's conventions: its delimiter, encoding and line ends; RFC 4180 quoting
 * (a field holding the delimiter, a quote or a line break is quoted, inner quotes doubled).
 */
export class EncodedCsvWriter {
  private parts: string[] = [];
  private chars = 0;
  private rowCount = 0;
  private byteCount = 0;
  private readonly needsQuotes: RegExp;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
    private readonly conv: CsvConventions,
  ) {
    this.needsQuotes = new RegExp(`["\\r\\n${conv.delimiter === "|" ? "\\|" : conv.delimiter}]`);
  }

  static async open(path: string, header: readonly string[], conv: CsvConventions): Promise<EncodedCsvWriter> {
    const stream = createWriteStream(path, { highWaterMark: 8 << 20 });
    await once(stream, "open");
    const w = new EncodedCsvWriter(path, stream, conv);
    if (conv.bom && conv.encoding === "utf-8") w.push("\uFEFF");
    w.push(w.line(header));
    return w;
  }

  private field(v: string): string {
    return this.needsQuotes.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  }

  private line(values: readonly string[]): string {
    let s = "";
    for (let i = 0; i < values.length; i++) s += (i > 0 ? this.conv.delimiter : "") + this.field(values[i] as string);
    return s + this.conv.eol;
  }

  private push(text: string): void {
    this.parts.push(text);
    this.chars += text.length;
  }

  row(values: readonly string[]): void {
    this.push(this.line(values));
    this.rowCount++;
  }

  /** True when enough text waits: call flush() (async) before generating much more. */
  get full(): boolean {
    return this.chars >= CHUNK_CHARS;
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = this.parts.join("");
    this.parts = [];
    this.chars = 0;
    const bytes = this.conv.encoding === "utf-8" ? Buffer.from(text, "utf8") : encodeWindows1252(text);
    this.byteCount += bytes.length;
    if (!this.stream.write(bytes)) await once(this.stream, "drain");
  }

  async close(): Promise<CsvFileStats> {
    await this.flush();
    const finished = once(this.stream, "finish");
    this.stream.end();
    await finished;
    return { path: this.path, rows: this.rowCount, bytes: this.byteCount };
  }

  destroy(): void {
    this.stream.destroy();
  }
}
