import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import FIXED_HEADERS from "./fixed-headers.json";
import { API_CSP } from "./security-headers";

/**
 * Methods the fetch standard forbids (CONNECT, TRACE, TRACK): Next cannot build a Request for them and
 * answered 500, in dev with a stack trace. Node's parser passes TRACE to the request handler, CONNECT to
 * the "connect" event, and refuses TRACK (as any method it does not know) as a client error; all three are
 * answered here, before Next, with 405 and the methods the portal does take.
 */
const FORBIDDEN = new Set(["CONNECT", "TRACE", "TRACK"]);
export const ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

// What next.config.js sets on every answer and an API answer's CSP: these answers never reach Next.
const HEADERS: Record<string, string> = {
  allow: ALLOWED_METHODS,
  "content-type": "application/json",
  "cache-control": "no-store",
  "content-security-policy": API_CSP,
  ...Object.fromEntries(FIXED_HEADERS.map((h) => [h.key.toLowerCase(), h.value])),
};
const BODY = JSON.stringify({ error: { code: "method_not_allowed", message: `This server takes ${ALLOWED_METHODS}.` } });

/** Answers a forbidden method with 405; true when it did (the caller then leaves the request alone). */
export function refuseUnsupportedMethod(req: IncomingMessage, res: ServerResponse): boolean {
  if (!FORBIDDEN.has((req.method ?? "").toUpperCase())) return false;
  res.writeHead(405, { ...HEADERS, "content-length": String(Buffer.byteLength(BODY)), connection: "close" });
  res.end(BODY);
  return true;
}

/** Node's own answers to requests it could not parse (its defaults), with 405 for an unknown method. */
const CLIENT_ERROR_STATUS: Record<string, [number, string]> = {
  HPE_INVALID_METHOD: [405, "Method Not Allowed"],
  HPE_HEADER_OVERFLOW: [431, "Request Header Fields Too Large"],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, "Payload Too Large"],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "Request Timeout"],
};

function rawAnswer(status: number, reason: string, withBody: boolean): string {
  const head = [`HTTP/1.1 ${status} ${reason}`, "connection: close"];
  if (!withBody) return `${head.join("\r\n")}\r\n\r\n`;
  head.push(...Object.entries(HEADERS).map(([k, v]) => `${k}: ${v}`), `content-length: ${Buffer.byteLength(BODY)}`);
  return `${head.join("\r\n")}\r\n\r\n${BODY}`;
}

/** Adds the CONNECT and unknown-method answers to the server (scripts/serve.ts). */
export function refuseUnsupportedMethodsOn(server: Server): void {
  server.on("connect", (_req: IncomingMessage, socket: Duplex) => socket.end(rawAnswer(405, "Method Not Allowed", true)));
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex & { bytesWritten?: number }) => {
    if (err.code === "ECONNRESET" || !socket.writable || socket.bytesWritten) return void socket.destroy();
    const [status, reason] = CLIENT_ERROR_STATUS[err.code ?? ""] ?? [400, "Bad Request"];
    socket.end(rawAnswer(status, reason, status === 405));
  });
}
