import { AppError } from "../errors";
import { formatBytes } from "../format";

/** JSON bodies are small forms and id lists: 1 MB unless a route says otherwise. */
export const JSON_BODY_LIMIT = 1024 * 1024;
/** Deeper JSON than any route accepts is refused before validation walks it. */
export const JSON_MAX_DEPTH = 32;

export const tooLarge = (limit: number): AppError =>
  new AppError(413, "body_too_large", `The request body is larger than the ${formatBytes(limit)} this route accepts.`);

/**
 * The declared Content-Length, checked against the limit before anything is read (413 at once).
 * A malformed header is a 400; a missing one (chunked) is allowed and counted while reading.
 */
export function checkDeclaredLength(headers: Headers, limit: number): number | undefined {
  const raw = headers.get("content-length");
  if (raw === null) return undefined;
  if (!/^\d{1,16}$/.test(raw.trim())) throw new AppError(400, "bad_length", "Invalid Content-Length.");
  const n = Number(raw.trim());
  if (n > limit) throw tooLarge(limit);
  return n;
}

/** Reads at most `limit` bytes of the body as UTF-8; one byte more cancels the stream and answers 413. */
export async function readTextLimited(body: ReadableStream<Uint8Array> | null, limit: number): Promise<string> {
  if (!body) return "";
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(limit);
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError(400, "invalid_json", "The request body is not valid UTF-8.");
  }
}

/**
 * Parses JSON and refuses what no route takes: nesting deeper than JSON_MAX_DEPTH, strings with a
 * NUL character (PostgreSQL cannot store one; it would surface as a 500) and a `__proto__` field. Iterative, so a deep value
 * cannot overflow the stack.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError(400, "invalid_json", "The request body is not valid JSON.");
  }
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (typeof v === "string") {
      if (v.includes("\u0000")) throw new AppError(400, "invalid_characters", "Text in the request may not contain NUL characters.");
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (depth >= JSON_MAX_DEPTH) throw new AppError(400, "too_deep", `The request body nests deeper than ${JSON_MAX_DEPTH} levels.`);
    // No route has such a field; a schema's record would drop it silently where an object refuses it.
    if (!Array.isArray(v) && Object.hasOwn(v, "__proto__")) throw new AppError(400, "invalid_key", "The request body may not have a field named __proto__.");
    const children = Array.isArray(v) ? v : [...Object.keys(v), ...Object.values(v)];
    for (const c of children) stack.push({ v: c, depth: depth + 1 });
  }
  return value;
}


