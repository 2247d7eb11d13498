import { createReadStream } from "node:fs";

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Physical line number (1-based) where each data record starts, header excluded. Quoted fields may
 * span lines, so a record's number and its line differ; rejects report the line a person can open.
 * Records are split as DuckDB's reader splits them: a quote opens a quoted value only at the start of
 * a field (`Monitor 27" wide` is text), `""` inside one is a quote, and a line ends at LF, CRLF or a
 * bare CR (Excel for Mac writes CR alone). `skipLines` lines come before the header (Excel's `sep=;`).
 * Only run for files that have rejects.
 */
export async function recordStartLines(path: string, delimiter: string, skipLines = 0): Promise<number[]> {
  const delim = delimiter.charCodeAt(0);
  const starts: number[] = [];
  let line = 1;
  let inQuotes = false;
  let quoteInQuotes = false; // a quote inside a quoted value: closes it, unless another quote follows
  let fieldStart = true;
  let atRecordStart = true;
  let headerDone = false;
  let linesEnded = 0; // outside quoted values: the skipped lines and the header end at the first skipLines + 1
  let prev = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      const lineBreak = b === CR || (b === LF && prev !== CR);
      prev = b;
      if (quoteInQuotes) {
        quoteInQuotes = false;
        if (b === QUOTE) continue; // "" is one quote in the value
        inQuotes = false;
      }
      if (inQuotes) {
        if (b === QUOTE) quoteInQuotes = true;
        else if (lineBreak) line++;
        continue;
      }
      if (b === LF || b === CR) {
        if (!lineBreak) continue; // the LF of a CRLF
        line++;
        headerDone = ++linesEnded > skipLines;
        atRecordStart = true;
        fieldStart = true;
        continue;
      }
      if (atRecordStart) {
        if (headerDone) starts.push(line);
        atRecordStart = false;
      }
      if (b === QUOTE && fieldStart) inQuotes = true;
      fieldStart = b === delim;
    }
  }
  return starts;
}
