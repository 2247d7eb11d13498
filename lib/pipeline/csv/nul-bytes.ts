import { createReadStream } from "node:fs";

/** Whether a file holds a NUL byte anywhere (memchr over 1 MiB reads: ≈ 20 ms for a 66 MB month in the page cache). */
export async function hasNulByte(file: string): Promise<boolean> {
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    if (chunk.indexOf(0) >= 0) return true;
  }
  return false;
}
