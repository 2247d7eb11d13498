import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { authOptions } from "./options";
import { isRole, type Role } from "./roles";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/**
 * The signed-in user, or null. The cookie only names a server-side session; next-auth's jwt callback
 * (lib/auth/options.ts) reads that session and its user from the database on every request, so a
 * sign-out, a deactivation or a role change takes effect at once.
 * Cached per request (React `cache`), so a page and its layout share one lookup.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions());
  const u = session?.user as { id?: unknown; email?: unknown; name?: unknown; role?: unknown } | undefined;
  if (!u || typeof u.id !== "string" || typeof u.email !== "string" || !isRole(u.role)) return null;
  return { id: u.id, email: u.email, name: typeof u.name === "string" && u.name ? u.name : u.email, role: u.role };
});

/**
 * For server pages: the user if their role may open this page; otherwise redirects to /login
 * (signed out, coming back afterwards) or to /forbidden.
 */
export async function requirePageUser(roles: readonly Role[]): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(await currentPath())}`);
  if (!roles.includes(user.role)) redirect(`/forbidden?from=${encodeURIComponent(await currentPath())}`);
  return user;
}

/** Set by proxy.ts so server pages know their own URL. */
export const PATH_HEADER = "x-portal-path";

export async function currentPath(): Promise<string> {
  return (await headers()).get(PATH_HEADER) ?? "/";
}
