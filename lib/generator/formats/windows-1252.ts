/**
 * Windows-1252 for the pt-BR exports. Node can decode it (TextDecoder) but not encode it, so the
 * encoder is the decoder's inverse: whatever these bytes are, every reader (browser, jobs, tests)
 * decodes them back to the same text.
 */
const DECODER = new TextDecoder("windows-1252");

/** Code unit → byte for the 0x80–0x9F block (€, …, “ ” …); every other byte is its Latin-1 code point. */
const SPECIAL = new Map<number, number>();
for (let b = 0x80; b < 0xa0; b++) SPECIAL.set(DECODER.decode(Uint8Array.of(b)).charCodeAt(0), b);

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

/** Encodes text that Windows-1252 can hold; throws on a character it cannot (a bug: non-free text is never replaced). */
export function encodeWindows1252(text: string): Buffer {
  if (LATIN1_SAFE.test(text)) return Buffer.from(text, "latin1");
  let mapped = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 || (c >= 0xa0 && c <= 0xff)) mapped += text[i];
    else {
      const b = SPECIAL.get(c);
      if (b === undefined) throw new Windows1252Error(`"${text.slice(Math.max(0, i - 20), i + 20)}": U+${c.toString(16).toUpperCase().padStart(4, "0")} has no Windows-1252 byte`);
      mapped += String.fromCharCode(b);
    }
  }
  return Buffer.from(mapped, "latin1");
}
