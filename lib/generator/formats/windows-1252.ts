import { WINDOWS_1252_80_9F } from "../../contracts/windows-1252";

/**
 * Windows-1252 for the pt-BR exports: Node can decode it (lib/contracts/sniff.ts) but not encode it,
 * so the encoder is the inverse of the WHATWG table every reader decodes with.
 */
const SPECIAL = new Map<number, number>(WINDOWS_1252_80_9F.map((cp, i) => [cp, 0x80 + i]));

const LATIN1_SAFE = /^[\x00-\x7f\xa0-\xff]*$/;

export function isWindows1252(codePoint: number): boolean {
  return codePoint < 0x80 || (codePoint >= 0xa0 && codePoint <= 0xff) || SPECIAL.has(codePoint);
}

/**
 * Free text as a Windows program saves it: a character the code page cannot hold (東京, Ł, emoji)
 * becomes `?`, one per character. Only free text goes through this; anything else must encode as is.
 */
export function toWindows1252Text(text: string): string {
  if (LATIN1_SAFE.test(text)) return text;
  let out = "";
  for (const ch of text) out += isWindows1252(ch.codePointAt(0)!) ? ch : "?";
  return out;
}

export class Windows1252Error extends RangeError {
  override name = "Windows1252Error";
}

/**
 * Encodes text that Windows-1252 can hold into buf at pos and returns the bytes written; throws on a
 * character it cannot hold (a bug: only free text is ever replaced, by toWindows1252Text).
 */
export function writeWindows1252(text: string, buf: Buffer, pos: number): number {
  if (LATIN1_SAFE.test(text)) return buf.write(text, pos, "latin1");
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const b = c < 0x80 || (c >= 0xa0 && c <= 0xff) ? c : SPECIAL.get(c);
    if (b === undefined) throw new Windows1252Error(`"${text.slice(Math.max(0, i - 20), i + 20)}": U+${c.toString(16).toUpperCase().padStart(4, "0")} has no Windows-1252 byte`);
    buf[pos + i] = b;
  }
  return text.length;
}

export function encodeWindows1252(text: string): Buffer {
  const buf = Buffer.allocUnsafe(text.length);
  writeWindows1252(text, buf, 0);
  return buf;
}
