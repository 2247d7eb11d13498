import Papa from "papaparse";
import { CSV_LIMITS, type ConcreteDelimiter, type Encoding } from "../contracts";

/** One CSV record with the physical line it starts on (the header is line 1): what a person finds in an editor. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

export interface CsvReaderState {
  /** Records read so far, the header included (blank lines are not records). */
  records: number;
  /** Characters of the text taken by whole records (a BOM included). */
  consumedChars: number;
  /** The last push was final and every record was read. */
  reachedEnd: boolean;
  /** A quoted field still open when the file ended: the file is malformed from this line on. */
  unterminatedQuoteLine: number | null;
  /** Lines where text follows a closing quote (`"ab"c`): read leniently, reported. */
  strayQuoteLines: number[];
  /** The first record longer than CSV_LIMITS.maxLineBytes: reading stopped there. */
  longLine: { line: number; bytes: number } | null;
}

const MAX_NOTED_LINES = 100;

/**
 * Text in, records out, chunk by chunk. Papa Parse does the CSV (quotes, doubled quotes, line breaks
 * in fields); this keeps the unfinished last record of a chunk for the next chunk, counts physical
 * lines, and stops at a record longer than the line limit. `push(text, true)` ends the input.
 */
export class CsvReader {
  readonly state: CsvReaderState = { records: 0, consumedChars: 0, reachedEnd: false, unterminatedQuoteLine: null, strayQuoteLines: [], longLine: null };
  private carry = "";
  private newline: "\r\n" | "\n" | "\r" | null = null;
  private line = 1;
  private started = false;
  private consumedBase = 0;
  private stopped = false;

  constructor(
    private readonly delimiter: ConcreteDelimiter,
    private readonly encoding: Encoding,
    /** Returning false stops the reading (enough records). */
    private readonly onRecord: (r: CsvRecord) => boolean | void,
    /** Records before the header that are no records (Excel's `sep=;` line): their lines still count. */
    private skipRecords = 0,
  ) {}

  /** Reading stopped: enough records, or a record over the line limit. */
  get stoppedEarly(): boolean {
    return this.stopped;
  }

  push(text: string, final: boolean): void {
    if (this.stopped) return;
    let input = this.carry + text;
    this.carry = "";
    if (!this.started && input.length > 0) {
      this.started = true;
      if (input.charCodeAt(0) === 0xfeff) {
        input = input.slice(1);
        this.consumedBase = 1;
      }
    }
    this.newline ??= guessNewline(input);
    if (this.newline === null && !final) return this.keep(input);

    // Papa's core parser, as its own chunk streamer drives it: with `ignoreLastRow` the record the chunk
    // may have cut is left out and `cursor` says where it starts.
    const parser = new Papa.Parser({ delimiter: this.delimiter, newline: this.newline ?? "\n" });
    const out = parser.parse(input, 0, !final) as { data: string[][]; errors: Papa.ParseError[]; meta: { cursor: number } };
    const errorsAt = new Map<number, Papa.ParseError["code"][]>();
    for (const e of out.errors) if (e.row !== undefined) errorsAt.set(e.row, [...(errorsAt.get(e.row) ?? []), e.code]);
    const nl = (this.newline ?? "\n").length;
    // Only a quoted field holds a line break.
    const quoted = input.indexOf('"') !== -1;
    for (let i = 0; i < out.data.length; i++) {
      const fields = out.data[i]!;
      const line = this.line;
      // Quotes aside, a record is its fields and their delimiters.
      let chars = fields.length - 1;
      for (const f of fields) chars += f.length;
      const bytes = this.bytesOver(chars, fields);
      if (bytes !== null) {
        this.state.longLine = { line, bytes };
        this.stopped = true;
        return;
      }
      this.line += quoted ? 1 + breaksIn(fields) : 1;
      for (const code of errorsAt.get(i) ?? []) {
        if (code === "MissingQuotes") this.state.unterminatedQuoteLine ??= line;
        else if (code === "InvalidQuotes" && this.state.strayQuoteLines.at(-1) !== line && this.state.strayQuoteLines.length < MAX_NOTED_LINES) {
          this.state.strayQuoteLines.push(line);
        }
      }
      if (fields.length === 1 && fields[0] === "") continue; // a blank line
      this.state.consumedChars += chars + nl;
      if (this.skipRecords > 0) {
        this.skipRecords--;
        continue;
      }
      this.state.records++;
      if (this.onRecord({ fields, line }) === false) {
        this.stopped = true;
        return;
      }
    }
    if (final) {
      this.state.reachedEnd = true;
      this.state.consumedChars = Math.min(this.state.consumedChars, this.consumedBase + input.length);
    } else {
      this.consumedBase += out.meta.cursor;
      this.state.consumedChars = this.consumedBase;
      this.keep(input.slice(out.meta.cursor));
    }
  }

  /** Keeps the start of an unfinished record for the next chunk, unless it is already over the limit. */
  private keep(text: string): void {
    const bytes = this.bytesOver(text.length, [text]);
    if (bytes === null) {
      this.carry = text;
      return;
    }
    this.stopped = true;
    // A quote that never closes swallows the rest of the file: say that, not "the line is long".
    const head = Papa.parse<string[]>(text.slice(0, 64 * 1024), { delimiter: this.delimiter, newline: this.newline ?? "\n", preview: 1 });
    if (head.errors.some((e) => e.type === "Quotes")) this.state.unterminatedQuoteLine = this.line;
    else this.state.longLine = { line: this.line, bytes };
  }

  /** The record's size in the file's bytes when it is over the limit, else null (cheap for short records). */
  private bytesOver(chars: number, fields: readonly string[]): number | null {
    const limit = CSV_LIMITS.maxLineBytes;
    const perChar = this.encoding === "utf-16" ? 2 : this.encoding === "utf-8" ? 3 : 1;
    if (chars * perChar <= limit) return null;
    let bytes = chars * (perChar === 2 ? 2 : 1);
    if (this.encoding === "utf-8") {
      const enc = new TextEncoder();
      bytes = fields.length - 1;
      for (const f of fields) bytes += enc.encode(f).length;
    }
    return bytes > limit ? bytes : null;
  }
}

/** The line break of a text: the first one found (a file uses one kind). */
function guessNewline(text: string): "\r\n" | "\n" | "\r" | null {
  const m = /\r\n|\n|\r/.exec(text);
  if (!m) return null;
  // A chunk may end between the \r and the \n of a CRLF.
  if (m[0] === "\r" && m.index === text.length - 1) return null;
  return m[0] as "\r\n" | "\n" | "\r";
}

/** Line breaks inside a record's fields (quoted multi-line values): each moves the next record's line. */
function breaksIn(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) {
    if (f.indexOf("\n") === -1 && f.indexOf("\r") === -1) continue;
    for (let i = 0; i < f.length; i++) {
      const c = f.charCodeAt(i);
      if (c === 10) n++;
      else if (c === 13 && f.charCodeAt(i + 1) !== 10) n++;
    }
  }
  return n;
}
