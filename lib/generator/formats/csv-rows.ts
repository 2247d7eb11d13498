import { createReadStream } from "node:fs";
import Papa from "papaparse";

/**
 * Reads a contract CSV (UTF-8, `,`) row by row with Papa Parse, a file chunk at a time: the parser
 * pauses after each chunk until the rows are used, so two files can be read in step (orders and their
 * lines) without holding either in memory.
 */
export class CsvRows {
  private batch: string[][] = [];
  private at = 0;
  private done = false;
  private failed: Error | null = null;
  private parser: Papa.Parser | null = null;
  private wake: (() => void) | null = null;
  private lineNo = 0;
  readonly header: string[];
  private readonly index: Map<string, number>;

  private constructor(
    readonly path: string,
    header: string[],
  ) {
    this.header = header;
    this.index = new Map(header.map((h, i) => [h, i]));
  }

  static async open(path: string): Promise<CsvRows> {
    const reader = new CsvRows(path, []);
    reader.start();
    const header = await reader.next();
    if (!header) throw new Error(`${path}: empty file, no header`);
    reader.header.push(...header);
    header.forEach((h, i) => reader.index.set(h, i));
    return reader;
  }

  private start(): void {
    const input = createReadStream(this.path, { encoding: "utf8", highWaterMark: 1 << 20 });
    Papa.parse<string[]>(input as unknown as File, {
      skipEmptyLines: true,
      chunk: (res, parser) => {
        this.parser = parser;
        if (res.errors.length > 0) this.failed ??= new Error(`${this.path}: ${res.errors[0]!.message} (row ${res.errors[0]!.row})`);
        this.batch = this.at < this.batch.length ? this.batch.slice(this.at).concat(res.data) : res.data;
        this.at = 0;
        parser.pause();
        this.notify();
      },
      complete: () => {
        this.done = true;
        this.notify();
      },
      error: (err) => {
        this.failed = err;
        this.notify();
      },
    });
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** Column position by contract name; throws when the file lacks it. */
  col(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`${this.path}: no column ${name}`);
    return i;
  }

  /** The next row, or null at the end. */
  async next(): Promise<string[] | null> {
    for (;;) {
      if (this.failed) throw this.failed;
      if (this.at < this.batch.length) {
        this.lineNo++;
        return this.batch[this.at++]!;
      }
      if (this.done) return null;
      const waiting = new Promise<void>((resolve) => (this.wake = resolve));
      this.parser?.resume();
      await waiting;
    }
  }

  /** Rows read so far (the header included). */
  get rowsRead(): number {
    return this.lineNo;
  }
}
