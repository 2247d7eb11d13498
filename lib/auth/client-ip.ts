/**
 * The caller's address for rate limits and the audit log: the last X-Forwarded-For entry. The server
 * (scripts/serve.ts, lib/http/forwarded.ts) makes that trustworthy: without TRUST_PROXY it replaces the
 * header with the socket's address; behind a trusted proxy the proxy appended the client it saw last
 * (entries before it are whatever the client claimed).
 */
export function clientIp(get: (name: string) => string | null | undefined): string {
  const xff = get("x-forwarded-for");
  if (xff) {
    const parts = xff.split(",").map((s) => s.trim()).filter(Boolean);
    const last = parts[parts.length - 1];
    if (last) return normalize(last);
  }
  return "unknown";
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same caller; anything odd is cut to a sane length. */
const normalize = (ip: string) => (ip.startsWith("::ffff:") ? ip.slice(7) : ip).slice(0, 64);

/** Same, from the plain header object next-auth hands to `authorize`. */
export const clientIpFromRecord = (headers: Record<string, unknown> | undefined): string =>
  clientIp((name) => {
    const v = headers?.[name];
    return typeof v === "string" ? v : Array.isArray(v) ? String(v[v.length - 1]) : null;
  });
