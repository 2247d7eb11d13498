import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import type { CsvFileStats } from "../csv-writer";
import { writeWindows1252 } from "./windows-1252";

export interface CsvConventions {
  delimiter: "," | ";" | "\t" | "|";
  encoding: "utf-8" | "windows-1252";
  eol: "\n" | "\r\n";
  /** A UTF-8 byte order mark first, as spreadsheet-friendly exports write it. */
  bom: boolean;
}

const CHUNK_BYTES = 1 << 20;

/**
 * A CSV file in a shop's conventions: its delimiter, encoding and line ends; RFC 4180 quoting
 * (a field holding the delimiter, a quote or a line break is quoted, inner quotes doubled).
 */
export class EncodedCsvWriter {
  // Lines are encoded into 1 MB buffers at once, so no line string outlives its row() call (the young
  // generation stays cheap to collect), as in CsvFileWriter.
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private pos = 0;
  private ready: Buffer[] = [];
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
    // 3 bytes per UTF-16 unit is the UTF-8 worst case; Windows-1252 is one byte per unit.
    const worst = this.conv.encoding === "utf-8" ? text.length * 3 : text.length;
    if (this.pos + worst > this.buf.length) {
      this.ready.push(this.buf.subarray(0, this.pos));
      this.buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, worst));
      this.pos = 0;
    }
    this.pos += this.conv.encoding === "utf-8" ? this.buf.write(text, this.pos, "utf8") : writeWindows1252(text, this.buf, this.pos);
  }

  row(values: readonly string[]): void {
    this.push(this.line(values));
    this.rowCount++;
  }

  /** True when a chunk is waiting: call flush() (async) before generating much more. */
  get full(): boolean {
    return this.ready.length > 0;
  }

  async flush(): Promise<void> {
    const chunks = this.ready;
    this.ready = [];
    for (const chunk of chunks) {
      this.byteCount += chunk.length;
      if (!this.stream.write(chunk)) await once(this.stream, "drain");
    }
  }

  async close(): Promise<CsvFileStats> {
    if (this.pos > 0) this.ready.push(this.buf.subarray(0, this.pos));
    this.pos = 0;
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
