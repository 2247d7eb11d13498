import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";

const CR = 13;
const LF = 10;

/**
 * Whether the lines of a file end in more than one way (CRLF, a bare LF, a bare CR): rows appended by
 * another tool, a CRLF header over LF rows, one line ended by Excel for Mac. DuckDB's reader, whose line
 * ending is one per file, stops at such a file ("state machine reached an invalid state"); job 1 then
 * reads a copy with one line ending.
 */
export async function hasMixedLineEndings(file: string): Promise<boolean> {
  const kinds = new Set<"crlf" | "lf" | "cr">();
  let pendingCr = false; // the last chunk ended in CR: this chunk's first byte says which kind it was
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (pendingCr && chunk.length) kinds.add(chunk[0] === LF ? "crlf" : "cr");
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === LF) {
        if (i === 0 ? !pendingCr : chunk[i - 1] !== CR) kinds.add("lf");
      } else if (b === CR && i + 1 < chunk.length) kinds.add(chunk[i + 1] === LF ? "crlf" : "cr");
      if (kinds.size > 1) return true;
    }
    pendingCr = chunk[chunk.length - 1] === CR;
  }
  if (pendingCr) kinds.add("cr");
  return kinds.size > 1;
}

/**
 * Writes a copy of the file with every line end (CRLF, or CR alone) as LF; line numbers stay the same,
 * the raw file is untouched. A CR inside a quoted value becomes LF too: the warning says so.
 */
export async function toLf(from: string, to: string): Promise<void> {
  const out = createWriteStream(to);
  let pendingCr = false;
  for await (const chunk of createReadStream(from, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    // A CR at the end of the last chunk was written as LF: the LF this chunk may start with is its pair.
    const start = pendingCr && chunk[0] === LF ? 1 : 0;
    const copy = Buffer.from(chunk.subarray(start));
    let w = 0;
    for (let i = 0; i < copy.length; i++) {
      const b = copy[i]!;
      if (b === CR) {
        copy[w++] = LF;
        if (copy[i + 1] === LF) i++;
      } else copy[w++] = b;
    }
    pendingCr = chunk[chunk.length - 1] === CR;
    if (!out.write(copy.subarray(0, w))) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}
