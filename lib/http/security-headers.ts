// No "server-only" here: proxy.ts imports this too (it is not a React Server Component).
import { config } from "../config";
import { uploadOrigins } from "../wiring/upload-origins";

/**
 * Security headers that depend on the request or the configuration. The constant ones (nosniff,
 * X-Frame-Options, Referrer-Policy, …) are set for every path in next.config.js; pages get their
 * nonce-based CSP from proxy.ts, API answers a CSP that allows nothing.
 */

export const HSTS = "max-age=31536000; includeSubDomains";
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * HSTS only when the portal is served over https: APP_URL says so, or the request came over https
 * (X-Forwarded-Proto is the connection's own unless a trusted proxy set it, see lib/http/forwarded.ts).
 */
export function isHttps(headers: Headers, url: URL): boolean {
  if (config().APP_URL?.startsWith("https://")) return true;
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  return proto ? proto === "https" : url.protocol === "https:";
}

/** The CSP of the app's pages: scripts only with this request's nonce (and what they load). */
export function pageCsp(nonce: string, opts: { https: boolean; dev: boolean }): string {
  const connect = ["'self'", ...uploadOrigins(config())];
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    // React and the charts set style attributes; stylesheets are the app's own files.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect.join(" ")}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Adds the API's CSP and, under https, HSTS to a route handler's answer. */
export function withApiSecurityHeaders(req: { headers: Headers; nextUrl: URL }, res: Response): Response {
  try {
    if (!res.headers.has("content-security-policy")) res.headers.set("content-security-policy", API_CSP);
    if (isHttps(req.headers, req.nextUrl)) res.headers.set("strict-transport-security", HSTS);
    return res;
  } catch {
    // Immutable headers (Response.redirect): copy into a new response.
    const copy = new Response(res.body, res);
    copy.headers.set("content-security-policy", API_CSP);
    if (isHttps(req.headers, req.nextUrl)) copy.headers.set("strict-transport-security", HSTS);
    return copy;
  }
}
