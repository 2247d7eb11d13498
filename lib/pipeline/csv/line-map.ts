import { createReadStream } from "node:fs";

/**
 * Physical line number (1-based) where each data record starts, header excluded. Quoted fields may
 * span lines, so a record's number and its line differ; rejects report the line a person can open.
 * Only run for files that have rejects.
 */
export async function recordStartLines(path: string): Promise<number[]> {
  const starts: number[] = [];
  let line = 1;
  let inQuotes = false;
  let atRecordStart = true;
  let headerDone = false;
  let prev = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (atRecordStart && b !== 0x0a && b !== 0x0d) {
        if (headerDone) starts.push(line);
        atRecordStart = false;
      }
      if (b === 0x22) inQuotes = !inQuotes;
      else if (b === 0x0a) {
        line++;
        if (!inQuotes) {
          headerDone = true;
          atRecordStart = true;
        }
      } else if (b === 0x0d && prev !== 0x0d) {
        // CR alone is not a line break we count; CRLF counts once at the LF.
      }
      prev = b;
    }
  }
  return starts;
}
