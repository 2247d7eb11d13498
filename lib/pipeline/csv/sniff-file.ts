import { open } from "node:fs/promises";

export type SniffResult =
  | { ok: true; header: string[]; hasBom: boolean }
  | { ok: false; rule: "empty" | "binary" | "encoding" | "header"; message: string };

const SNIFF_BYTES = 64 * 1024;

/** Reads the start of a file: is it UTF-8 text with a CSV header? Returns the header names. */
export async function sniffCsvFile(path: string): Promise<SniffResult> {
  const fh = await open(path, "r");
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SNIFF_BYTES, 0);
    return sniffCsvBytes(buf.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

export function sniffCsvBytes(bytes: Uint8Array): SniffResult {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  if (body.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    return { ok: false, rule: "empty", message: "the file is empty: a CSV needs at least a header row" };
  }
  if (body.includes(0)) return { ok: false, rule: "binary", message: "the file is binary, not CSV text" };
  let text: string;
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    text = new TextDecoder("utf-8", { fatal: true }).decode(body, { stream: true });
  } catch {
    return { ok: false, rule: "encoding", message: "the file is not UTF-8 text" };
  }
  const header = firstRecord(text);
  if (!header || header.every((h) => h.trim() === "")) {
    return { ok: false, rule: "header", message: "the first row is not a CSV header" };
  }
  return { ok: true, header, hasBom };
}

/** The first RFC 4180 record of a text (fields may be quoted, with "" for a quote). */
export function firstRecord(text: string): string[] | null {
  const fields: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      fields.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      fields.push(field);
      return fields;
    } else field += ch;
    i++;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}
