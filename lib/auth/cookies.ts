// No "server-only" here: proxy.ts imports this too (it is not a React Server Component).
import { config } from "../config";

/** Secure cookies only when the app is served over https (APP_URL); plain http on a laptop otherwise. */
export const secureCookies = (): boolean => config().APP_URL?.startsWith("https://") ?? false;

export const sessionCookieName = (): string =>
  secureCookies() ? "__Secure-next-auth.session-token" : "next-auth.session-token";

/**
 * next-auth v4 only reads its origin from the environment. With APP_URL we give it that; without, it
 * trusts the Host header (the app is reached directly, any port from PORT).
 */
export function prepareNextAuthEnv(): void {
  const appUrl = config().APP_URL;
  if (appUrl) process.env.NEXTAUTH_URL ??= appUrl;
  else process.env.AUTH_TRUST_HOST ??= "true";
}
