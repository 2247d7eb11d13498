import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";

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

export interface CsvFileStats {
  path: string;
  rows: number;
  bytes: number;
}

// Lines are encoded straight into 1 MB buffers that go to the stream whole: no fs call per row,
// and no row string outlives its line() call (keeps the young-generation GC cheap).
const CHUNK_BYTES = 1 << 20;

export class CsvFileWriter {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private pos = 0;
  private ready: Buffer[] = [];
  private rowCount = 0;
  private byteCount = 0;

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {}

  static async open(path: string, header: readonly string[]): Promise<CsvFileWriter> {
    // A deep stream buffer lets generation run ahead of the disk instead of pausing on every chunk.
    const stream = createWriteStream(path, { highWaterMark: 8 * CHUNK_BYTES });
    await once(stream, "open");
    const writer = new CsvFileWriter(path, stream);
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

  private append(text: string): void {
    // 3 bytes per UTF-16 unit is the UTF-8 worst case.
    if (this.pos + text.length * 3 > this.buf.length) {
      this.ready.push(this.buf.subarray(0, this.pos));
      this.buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, text.length * 3));
      this.pos = 0;
    }
    this.pos += this.buf.write(text, this.pos, "utf8");
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

  /** Closes the file after a failure without waiting on a broken stream. */
  destroy(): void {
    this.stream.destroy();
  }
}
