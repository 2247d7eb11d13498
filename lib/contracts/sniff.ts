import Papa from "papaparse";
import { CSV_LIMITS } from "./limits";
import type { Delimiter, Encoding } from "./profile";
import { repairWindows1252 } from "./windows-1252";

/**
 * The start of a CSV file, read the same way in the browser and on the server: its encoding, its
 * delimiter and its header. Papa Parse does the CSV; this adds the encodings and the shape limits.
 */
export type ConcreteDelimiter = Exclude<Delimiter, "auto">;
export const GUESSABLE_DELIMITERS: ConcreteDelimiter[] = [",", ";", "\t", "|"];

/** `line`: where the problem is, when not the header's line 1 (the first byte that is not the encoding). */
export type SniffFailure = { ok: false; rule: "empty" | "binary" | "encoding" | "header" | "limits"; message: string; line?: number };
/** The message of a file that is not text and not a known wrong file (which wrongFileMessage names). */
export const BINARY_MESSAGE = "the file is binary, not CSV text";
export type SniffResult =
  | {
      ok: true; encoding: Encoding; delimiter: ConcreteDelimiter; header: string[]; hasBom: boolean;
      /** Physical line of the header: 2 after an Excel `sep=` line (sepLine), else 1. */
      headerLine: number;
      /** The delimiter a first line `sep=;` names (Excel, European locales), which is skipped; else null. */
      sepLine: ConcreteDelimiter | null;
    }
  | SniffFailure;

/**
 * Excel's first line naming the delimiter: `sep=;` (or `,`, a tab, `|`), maybe quoted (`"sep=;"`), maybe
 * padded with the delimiter to the width of the rows, as spreadsheets write every row. Group 1: the character.
 */
const SEP_LINE = /^"?sep=(.)"?\1*$/i;

/**
 * The first line of a text when it is an Excel `sep=` line: the character it names and where the next
 * line starts; else null.
 */
export function excelSepLine(text: string): { char: string; next: number } | null {
  const end = text.search(/\r\n|\n|\r/);
  const m = SEP_LINE.exec(end === -1 ? text : text.slice(0, end));
  if (!m) return null;
  return { char: m[1]!, next: end === -1 ? text.length : end + (text.startsWith("\r\n", end) ? 2 : 1) };
}

/** The encoding of a sample: a BOM says it; NUL bytes in every other position are UTF-16; valid UTF-8 is UTF-8; else Windows-1252. */
export function detectEncoding(bytes: Uint8Array): Encoding {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return "utf-16";
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return "utf-8";
  const n = Math.min(bytes.length, 4096);
  let oddNul = 0;
  for (let i = 1; i < n; i += 2) if (bytes[i] === 0) oddNul++;
  if (n >= 4 && oddNul > n / 4) return "utf-16";
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
    return "utf-8";
  } catch {
    return "windows-1252";
  }
}

function nulCount(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(0); i >= 0; i = bytes.indexOf(0, i + 1)) n++;
  return n;
}

/** A file sent by mistake (a spreadsheet, an archive or a PDF instead of its CSV export), by its first bytes: what to say, or null. */
export function wrongFileMessage(b: Uint8Array): string | null {
  const starts = (...sig: number[]) => sig.every((x, i) => b[i] === x);
  const what = starts(0x50, 0x4b, 0x03, 0x04)
    ? "a ZIP archive (an Excel .xlsx workbook is one)"
    : starts(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)
      ? "an Excel 97–2003 (.xls) workbook"
      : starts(0x1f, 0x8b)
        ? "gzip-compressed"
        : starts(0x25, 0x50, 0x44, 0x46, 0x2d)
          ? "a PDF document"
          : null;
  return what && `the file is ${what}, not CSV text: export the table as CSV (UTF-8)`;
}

/** WHATWG labels: `latin1` is read as windows-1252 by every browser (and by the jobs, for the same bytes). */
export function textDecoderLabel(encoding: Encoding, bytes?: Uint8Array): string {
  if (encoding === "utf-16") return bytes && bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : "utf-16le";
  return encoding === "latin1" ? "windows-1252" : encoding;
}

/** Said when a file a profile reads as Windows-1252 or Latin-1 is UTF-8 text (here for its sample, in job 1 for the whole file). */
export const utf8UnderSingleByteMessage = (encoding: string) =>
  `the file is UTF-8 text, but its profile reads it as ${encoding}: its accents would be garbled ("São" read as "SÃ£o"). Set the profile's encoding to utf-8, or send the file without the profile`;

/** Decodes bytes in an encoding (strict for UTF-8: a wrong encoding is an error, not replacement characters). */
export function decodeText(bytes: Uint8Array, encoding: Encoding, final = true): string {
  const label = textDecoderLabel(encoding, bytes);
  const text = new TextDecoder(label, { fatal: encoding === "utf-8", ignoreBOM: false }).decode(bytes, { stream: !final });
  return label === "windows-1252" ? repairWindows1252(text) : text;
}

/**
 * Reads the header of a sample (the first bytes of a file, or all of it). `encoding` / `delimiter`
 * undefined or "auto" are detected. The header must fit the shape limits (CSV_LIMITS).
 */
export function sniffCsv(bytes: Uint8Array, opts: { encoding?: Encoding | "auto"; delimiter?: Delimiter } = {}): SniffResult {
  const encoding = !opts.encoding || opts.encoding === "auto" ? detectEncoding(bytes) : opts.encoding;
  const hasBom = encoding === "utf-8" ? bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf : encoding === "utf-16" && (bytes[0] === 0xff || bytes[0] === 0xfe);
  if (bytes.length === 0) return { ok: false, rule: "empty", message: "the file is empty: a CSV needs at least a header row" };
  const wrong = wrongFileMessage(bytes);
  if (wrong) return { ok: false, rule: "binary", message: wrong };
  // A NUL byte or two in text is a bad row's (job 1 rejects it, rule text); many are a binary file's.
  if (encoding !== "utf-16" && nulCount(bytes) * 100 > bytes.length) {
    // Excel's "Unicode text" is UTF-16: a readable file in another encoding than the one said.
    if (detectEncoding(bytes) === "utf-16") {
      return { ok: false, rule: "encoding", message: `the file is UTF-16 text (as Excel saves "Unicode text"), not ${encoding.toUpperCase()}` };
    }
    return { ok: false, rule: "binary", message: BINARY_MESSAGE };
  }
  // A profile that says Windows-1252 or Latin-1 over a UTF-8 file would garble every accent silently
  // ("SÃ£o Paulo"): UTF-8's multi-byte sequences almost never occur in text written in those.
  if ((encoding === "windows-1252" || encoding === "latin1") && detectEncoding(bytes) === "utf-8") {
    const first = bytes.findIndex((b) => b >= 0x80);
    if (first >= 0) {
      const line = 1 + bytes.subarray(0, first).filter((b) => b === 0x0a).length;
      return {
        ok: false, rule: "encoding", line,
        message: utf8UnderSingleByteMessage(encoding.toUpperCase()),
      };
    }
  }
  let text: string;
  try {
    text = decodeText(bytes, encoding, false);
  } catch {
    // Failed as a file (one Latin-1 accent in a UTF-8 reading is a whole file in another encoding), at
    // the line of the first bad byte: "line 1" sent people to a header that was fine.
    return { ok: false, rule: "encoding", line: encoding === "utf-8" ? lineOfFirstInvalidUtf8(bytes) : 1, message: `the file is not ${encoding.toUpperCase()} text` };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") return { ok: false, rule: "empty", message: "the file is empty: a CSV needs at least a header row" };
  // Excel's `sep=;` line names the delimiter: it is read with that one and skipped (the header is line 2).
  // It wins over sniffing and over a profile's delimiter: the line is written by the program that wrote
  // the file with the very delimiter it used, while a profile was saved from an earlier month's file (the
  // shop may have changed its export's locale); read with the profile's, every row would be one column.
  // The plan says so in a warning when they differ.
  const sep = excelSepLine(text);
  let sepLine: ConcreteDelimiter | null = null;
  if (sep) {
    if (!GUESSABLE_DELIMITERS.includes(sep.char as ConcreteDelimiter)) {
      return { ok: false, rule: "header", message: `the first line "sep=${sep.char}" names the delimiter "${sep.char}", which is not one of , ; tab |` };
    }
    sepLine = sep.char as ConcreteDelimiter;
    text = text.slice(sep.next);
    if (text.trim() === "") return { ok: false, rule: "empty", message: "the file is empty: a CSV needs a header row after its \"sep=\" line", line: 2 };
  }
  const headerLine = sepLine ? 2 : 1;
  const atHeader = sepLine ? { line: headerLine } : {};
  const firstLineEnd = headerEnd(text);
  if (firstLineEnd === -1 && bytes.length >= CSV_LIMITS.maxHeaderBytes) {
    return { ok: false, rule: "limits", ...atHeader, message: `the header row is longer than ${CSV_LIMITS.maxHeaderBytes / 1024} KB (limit: ${CSV_LIMITS.maxHeaderBytes} bytes)` };
  }
  const headerText = firstLineEnd === -1 ? text : text.slice(0, firstLineEnd);
  if (new TextEncoder().encode(headerText).length > CSV_LIMITS.maxHeaderBytes) {
    return { ok: false, rule: "limits", ...atHeader, message: `the header row is longer than ${CSV_LIMITS.maxHeaderBytes / 1024} KB (limit: ${CSV_LIMITS.maxHeaderBytes} bytes)` };
  }
  const wanted = sepLine ?? (opts.delimiter && opts.delimiter !== "auto" ? opts.delimiter : "");
  const parsed = Papa.parse<string[]>(headerText, { delimiter: wanted, delimitersToGuess: GUESSABLE_DELIMITERS, preview: 1, skipEmptyLines: false });
  const header = parsed.data[0];
  if (!header || header.every((h) => h.trim() === "")) return { ok: false, rule: "header", message: "the first row is not a CSV header", ...atHeader };
  if (header.length > CSV_LIMITS.maxColumns) {
    return { ok: false, rule: "limits", ...atHeader, message: `the header has ${header.length} columns; at most ${CSV_LIMITS.maxColumns} are read (limit: columns)` };
  }
  const long = header.find((h) => h.length > CSV_LIMITS.maxHeaderNameChars);
  if (long !== undefined) {
    return { ok: false, rule: "limits", ...atHeader, message: `a column name is ${long.length} characters long; at most ${CSV_LIMITS.maxHeaderNameChars} (limit: header name)` };
  }
  const delimiter = (wanted || parsed.meta.delimiter) as ConcreteDelimiter;
  return { ok: true, encoding, delimiter: GUESSABLE_DELIMITERS.includes(delimiter) ? delimiter : ",", header, hasBom, headerLine, sepLine };
}

/**
 * The physical line of the first byte that is not UTF-8: the shortest prefix a streaming strict decoder
 * refuses, found by halving (a 64 KB sample takes 17 decodes).
 */
function lineOfFirstInvalidUtf8(bytes: Uint8Array): number {
  const refuses = (n: number) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let [lo, hi] = [0, bytes.length]; // refuses(hi); the answer is the smallest such n
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1;
    if (refuses(mid)) hi = mid;
    else lo = mid;
  }
  let line = 1;
  for (let i = 0; i < hi - 1; i++) if (bytes[i] === 10) line++;
  return line;
}

/** Index of the end of the first record (quoted line breaks stay inside it), or -1 if the text ends first. */
function headerEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) quoted = !quoted;
    else if (!quoted && (ch === 10 || ch === 13)) return i;
  }
  return -1;
}
