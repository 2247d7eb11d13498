import type { IncomingHttpHeaders } from "node:http";

/** Headers a client can set to claim another address, host or scheme. */
const FORWARDED = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "x-real-ip", "forwarded"] as const;

/**
 * Runs on every request before Next sees it (scripts/serve.ts). Without a trusted proxy the forwarded
 * headers are whatever the caller typed, so they are dropped and X-Forwarded-For becomes the socket's
 * address; Next then fills -Host and -Proto from the Host header and the connection. Behind a trusted
 * proxy (TRUST_PROXY) they are kept: the proxy appended the real client to X-Forwarded-For.
 */
export function sanitizeForwarded(headers: IncomingHttpHeaders, peer: string | undefined, trustProxy: boolean): void {
  if (trustProxy) return;
  for (const h of FORWARDED) delete headers[h];
  if (peer) headers["x-forwarded-for"] = peer;
}
