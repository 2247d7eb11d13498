import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { findById } from "@/lib/db/users";
import { authOptions } from "./options";
import { isRole, type Role } from "./roles";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/**
 * The signed-in user, or null. The JWT only says who; the role and the active flag come from the
 * database on every request, so a role change or a deactivation takes effect at once.
 * Cached per request (React `cache`), so a page and its layout share one lookup.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: unknown } | undefined)?.id;
  if (typeof id !== "string") return null;
  const row = await findById(id);
  if (!row || !row.active || !isRole(row.role)) return null;
  return { id: row.id, email: row.email, name: row.name ?? row.email, role: row.role };
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

async function currentPath(): Promise<string> {
  return (await headers()).get(PATH_HEADER) ?? "/";
}
