import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";

export interface CsvFileStats {
  path: string;
  rows: number;
  bytes: number;
}

// Text is encoded straight into 1 MB buffers that go to the stream whole: no fs call per row, and no
// row string outlives its call (keeps the young-generation GC cheap).
const CHUNK_BYTES = 1 << 20;

/** A file written in whole chunks; subclasses say how text becomes bytes and count the rows. */
export abstract class ChunkedFileWriter {
  private buf = Buffer.allocUnsafe(CHUNK_BYTES);
  private pos = 0;
  private ready: Buffer[] = [];
  protected rowCount = 0;
  private byteCount = 0;

  protected constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {}

  /** A deep stream buffer lets generation run ahead of the disk instead of pausing on every chunk. */
  protected static async openStream(path: string): Promise<WriteStream> {
    const stream = createWriteStream(path, { highWaterMark: 8 * CHUNK_BYTES });
    await once(stream, "open");
    return stream;
  }

  /** The most bytes `text` can take, and its encoding into `buf` at `pos` (returns the bytes written). */
  protected abstract worstBytes(text: string): number;
  protected abstract encodeInto(text: string, buf: Buffer, pos: number): number;

  protected append(text: string): void {
    const worst = this.worstBytes(text);
    if (this.pos + worst > this.buf.length) {
      this.ready.push(this.buf.subarray(0, this.pos));
      this.buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, worst));
      this.pos = 0;
    }
    this.pos += this.encodeInto(text, this.buf, this.pos);
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
