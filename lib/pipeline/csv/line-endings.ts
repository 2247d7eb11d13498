import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";

const CR = 13;
const LF = 10;

/**
 * Whether some lines of a file end in CRLF and others in a bare LF: rows appended by another tool, or a
 * CRLF header over LF rows. DuckDB's reader, whose line ending is one per file, stops at such a file
 * ("state machine reached an invalid state"); the contract allows LF or CRLF, so job 1 reads a copy.
 */
export async function hasMixedLineEndings(file: string): Promise<boolean> {
  let crlf = false;
  let lf = false;
  let prev = -1;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(LF); i >= 0; i = chunk.indexOf(LF, i + 1)) {
      if ((i > 0 ? chunk[i - 1] : prev) === CR) crlf = true;
      else lf = true;
      if (crlf && lf) return true;
    }
    prev = chunk[chunk.length - 1] ?? prev;
  }
  return false;
}

/** Writes a copy of the file with every CRLF as LF (line numbers stay the same; the raw file is untouched). */
export async function crlfToLf(from: string, to: string): Promise<void> {
  const out = createWriteStream(to);
  let pendingCr = false;
  for await (const chunk of createReadStream(from, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const parts: Buffer[] = [];
    // A CR at the end of the last chunk belongs to whatever this chunk starts with.
    if (pendingCr && chunk[0] !== LF) parts.push(Buffer.from([CR]));
    let start = 0;
    for (let i = chunk.indexOf(LF); i >= 0; i = chunk.indexOf(LF, i + 1)) {
      if (i > 0 && chunk[i - 1] === CR) {
        parts.push(chunk.subarray(start, i - 1));
        start = i;
      }
    }
    pendingCr = chunk[chunk.length - 1] === CR;
    parts.push(chunk.subarray(start, pendingCr ? chunk.length - 1 : chunk.length));
    if (!out.write(Buffer.concat(parts))) await once(out, "drain");
  }
  out.end(pendingCr ? Buffer.from([CR]) : undefined);
  await once(out, "finish");
}
