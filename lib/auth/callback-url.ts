/** Only same-site paths may follow a sign-in (no `//evil.example` or absolute URLs). */
export function safeCallbackUrl(raw: string | undefined | null): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return "/";
  if (raw.startsWith("/login") || raw.startsWith("/setup")) return "/";
  return raw;
}
