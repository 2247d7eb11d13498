/**
 * Windows-1252 bytes 0x80–0x9F (WHATWG Encoding Standard, index-windows-1252); every other byte is its
 * ISO-8859-1 code point, and the five bytes the code page leaves undefined read as the C1 control.
 */
export const WINDOWS_1252_80_9F: readonly number[] = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
  0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

// Node 20's TextDecoder reads "windows-1252" as ISO-8859-1 (nodejs/node#56542): 0x80–0x9F come out as
// C1 controls where a browser gives € … “ ”. Checked once, so a fixed runtime is left alone.
const DECODER_IS_LATIN1 = new TextDecoder("windows-1252").decode(Uint8Array.of(0x80)) !== "\u20ac";
const C1 = /[\u0080-\u009f]/g;

/** Text a TextDecoder("windows-1252") gave, as the WHATWG decoder (every browser) gives it. */
export function repairWindows1252(decoded: string): string {
  return DECODER_IS_LATIN1 ? decoded.replace(C1, (c) => String.fromCharCode(WINDOWS_1252_80_9F[c.charCodeAt(0) - 0x80]!)) : decoded;
}
