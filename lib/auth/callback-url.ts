const BASE = "http://portal.invalid";

/**
 * Only a path on this site may follow a sign-in. The raw value is resolved the way a browser would
 * (which drops tabs and newlines and reads `\` as `/`, so `/\t/evil.example` means `//evil.example`):
 * anything that leaves the origin, or carries control characters, falls back to `/`. The result is the
 * normalised path, safe for a Location header.
 */
export function safeCallbackUrl(raw: string | undefined | null): string {
  if (!raw || raw.length > 2000 || !raw.startsWith("/")) return "/";
   
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return "/";
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  const path = url.pathname + url.search + url.hash;
  if (path.startsWith("//") || path.startsWith("/login") || path.startsWith("/setup")) return "/";
  return path;
}
