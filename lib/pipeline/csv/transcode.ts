import { isAscii, isUtf8 } from "node:buffer";
import { createReadStream, createWriteStream } from "node:fs";
import { once } from "node:events";
import { open } from "node:fs/promises";
import { textDecoderLabel, type Encoding } from "../../contracts";
import { WINDOWS_1252_80_9F } from "../../contracts/windows-1252";

/**
 * Writes a UTF-8 copy of a file in another encoding (the raw file stays as uploaded). The browser and
 * the Glue runner decode the same labels: `latin1` is read as windows-1252, as browsers do.
 */
export async function transcodeToUtf8(from: string, to: string, encoding: Encoding): Promise<void> {
  const out = createWriteStream(to);
  let decoder: TextDecoder | null = null;
  const singleByte = textDecoderLabel(encoding) === "windows-1252";
  for await (const chunk of createReadStream(from, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let utf8: Buffer;
    if (singleByte) utf8 = windows1252ToUtf8(chunk);
    else {
      decoder ??= new TextDecoder(textDecoderLabel(encoding, chunk), { ignoreBOM: false });
      utf8 = Buffer.from(decoder.decode(chunk, { stream: true }), "utf8");
    }
    if (!out.write(utf8)) await once(out, "drain");
  }
  out.end(decoder ? Buffer.from(decoder.decode(), "utf8") : undefined);
  await once(out, "finish");
}

const C1 = /[\u0080-\u009f]/g;

/**
 * How DuckDB can read a single-byte (Windows-1252) file in place: `ascii` when no byte after the header
 * line has its high bit set (ASCII reads the same in every encoding, and UTF-8 is DuckDB's fastest
 * reader: ≈ 25 % less time than its Latin-1 decoder; the header is skipped by the reader, accented
 * names and all), `latin-1` when no byte is 0x80–0x9F (where Windows-1252 and Latin-1 differ: € “ ” – …),
 * else `windows-1252` (to be transcoded). `utf-8` when every row byte that is not ASCII belongs to a valid
 * UTF-8 sequence: a UTF-8 file under a Windows-1252 profile, whose accents past the sample the check
 * before the run saw would all be garbled ("SÃ£o Paulo"); text really written in Windows-1252 almost never
 * reads as UTF-8. Read into one reused buffer: a stream's new buffer per chunk made the scan ≈ 1.5× slower.
 */
export async function singleByteKind(file: string): Promise<"ascii" | "latin-1" | "windows-1252" | "utf-8"> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.allocUnsafe(1 << 20); // fits in a core's cache: a 4 MiB buffer read ≈ 2× slower
    let inHeader = true;
    let ascii = true;
    let c1 = false;
    let utf8 = true; // every chunk of rows with high bytes so far is valid UTF-8
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      // ASCII rows under a header with € “ ” … are transcoded (the header's names as the plan read them).
      if (bytesRead === 0) return ascii ? (c1 ? "windows-1252" : "ascii") : utf8 ? "utf-8" : c1 ? "windows-1252" : "latin-1";
      const chunk = buf.subarray(0, bytesRead);
      // Rows start after the header line's end.
      let rowsFrom = chunk.length;
      if (!inHeader) rowsFrom = 0;
      else {
        // A bare CR ends the header too (Excel for Mac): its rows were all "header", never looked at.
        const [lf, cr] = [chunk.indexOf(10), chunk.indexOf(13)];
        const eol = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
        if (eol >= 0) [inHeader, rowsFrom] = [false, eol + 1];
      }
      // Node's native check passes a chunk of ASCII rows (all of most exports) ≈ 10× faster than the
      // scan; only the header line before it is still looked at for C1 bytes.
      if (isAscii(chunk.subarray(rowsFrom))) {
        if (rowsFrom > 0 && hasC1Byte(chunk.subarray(0, rowsFrom))) c1 = true;
        continue;
      }
      ascii = false;
      if (!c1) c1 = scanHighBytes(chunk).c1; // once found, no later chunk changes it
      if (utf8) utf8 = isUtf8(wholeSequences(chunk.subarray(rowsFrom)));
      // Not UTF-8, and bytes where Windows-1252 and Latin-1 differ: nothing later changes the answer.
      if (c1 && !utf8) return "windows-1252";
    }
  } finally {
    await fh.close();
  }
}

/**
 * A chunk without the continuation bytes it starts with and the sequence its end cuts, so that a chunk
 * boundary inside a character is not an error (the character is not checked; every other one is).
 */
function wholeSequences(c: Uint8Array): Uint8Array {
  let from = 0;
  while (from < c.length && from < 3 && (c[from]! & 0xc0) === 0x80) from++;
  let to = c.length;
  for (let k = 1; k <= 3 && to - k >= from; k++) {
    const b = c[to - k]!;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (need > k) to -= k; // the lead's sequence runs past the end
    break;
  }
  return c.subarray(from, to);
}

/** The physical line (LF, CRLF or a bare CR ends one) of a file's first byte that is not ASCII, or null. */
export async function lineOfFirstHighByte(file: string): Promise<number | null> {
  let line = 1;
  let lastCr = false;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const high = isAscii(chunk) ? -1 : chunk.findIndex((b) => b >= 0x80);
    const end = high < 0 ? chunk.length : high;
    for (let i = 0; i < end; i++) {
      const b = chunk[i]!;
      if (b === 10) {
        if (!lastCr) line++;
      } else if (b === 13) line++;
      lastCr = b === 13;
    }
    if (high >= 0) return line;
  }
  return null;
}

const isC1 = (b: number) => (b & 0xe0) === 0x80;

/**
 * One pass over bytes: whether any is 0x80–0x9F (`c1`, where Windows-1252 and Latin-1 differ; the scan
 * stops there and `high` then says nothing), and whether any at or after `from` is 0x80 or above
 * (`high`). Four bytes at a time: a word without a high bit (ASCII, most of any CSV) is passed at once,
 * a third of the time of a byte loop; only words with one are looked at byte by byte.
 */
export function scanHighBytes(c: Uint8Array, from = 0): { c1: boolean; high: boolean } {
  let high = false;
  /** True at a C1 byte. */
  const look = (i: number) => {
    const b = c[i]!;
    if (!(b & 0x80)) return false;
    if (i >= from) high = true;
    return isC1(b);
  };
  const head = Math.min((4 - (c.byteOffset & 3)) & 3, c.length);
  for (let i = 0; i < head; i++) if (look(i)) return { c1: true, high };
  const words = new Uint32Array(c.buffer, c.byteOffset + head, (c.length - head) >>> 2);
  for (let k = 0; k < words.length; k++) {
    if (!(words[k]! & 0x80808080)) continue;
    const i = head + 4 * k;
    if (look(i) || look(i + 1) || look(i + 2) || look(i + 3)) return { c1: true, high };
  }
  for (let i = head + words.length * 4; i < c.length; i++) if (look(i)) return { c1: true, high };
  return { c1: false, high };
}

/** Whether a byte is 0x80–0x9F. */
export const hasC1Byte = (c: Uint8Array): boolean => scanHighBytes(c, c.length).c1;

/**
 * Windows-1252 bytes as UTF-8, as the WHATWG decoder reads them. Each byte is one character, so chunks
 * convert independently; Node's latin1 decoder and UTF-8 encoder are native, and only 0x80–0x9F (where
 * the code page differs from Latin-1, and which Node 20's TextDecoder reads as Latin-1) are mapped here.
 */
export function windows1252ToUtf8(bytes: Buffer): Buffer {
  const text = bytes.toString("latin1");
  C1.lastIndex = 0;
  return Buffer.from(C1.test(text) ? text.replace(C1, (c) => String.fromCharCode(WINDOWS_1252_80_9F[c.charCodeAt(0) - 0x80]!)) : text, "utf8");
}
