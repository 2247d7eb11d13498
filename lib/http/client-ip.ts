/**
 * The caller's address for rate limits and the audit log. Next sets `x-forwarded-for` to the socket
 * address when no proxy did; a reverse proxy appends the real client as the last entry, so we take the
 * last one (the first entries are whatever the client claimed).
 */
export function clientIp(get: (name: string) => string | null | undefined): string {
  const xff = get("x-forwarded-for");
  if (xff) {
    const parts = xff.split(",").map((s) => s.trim()).filter(Boolean);
    const last = parts[parts.length - 1];
    if (last) return normalize(last);
  }
  const real = get("x-real-ip");
  return real ? normalize(real.trim()) : "unknown";
}

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same caller. */
const normalize = (ip: string) => (ip.startsWith("::ffff:") ? ip.slice(7) : ip);

/** Same, from the plain header object next-auth hands to `authorize`. */
export const clientIpFromRecord = (headers: Record<string, unknown> | undefined): string =>
  clientIp((name) => {
    const v = headers?.[name];
    return typeof v === "string" ? v : Array.isArray(v) ? String(v[v.length - 1]) : null;
  });
