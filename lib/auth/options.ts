import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { clientIpFromRecord } from "@/lib/http/client-ip";
import { auditEvent } from "./audit";
import { prepareNextAuthEnv, sessionCookieName, secureCookies } from "./cookies";
import { isRole } from "./roles";
import { authSecret } from "./secret";
import { signInWithPassword } from "./sign-in";

/** Sessions are signed JWT cookies; the user row is re-read on every request (see session.ts). */
export const SESSION_MAX_AGE_SEC = 8 * 60 * 60;

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  prepareNextAuthEnv();
  const secure = secureCookies();
  cached = {
    secret: authSecret(),
    useSecureCookies: secure,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SEC },
    jwt: { maxAge: SESSION_MAX_AGE_SEC },
    cookies: {
      sessionToken: {
        name: sessionCookieName(),
        options: { httpOnly: true, sameSite: "lax", path: "/", secure },
      },
    },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        id: "credentials",
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
        },
        async authorize(credentials, req) {
          const ip = clientIpFromRecord(req?.headers as Record<string, unknown> | undefined);
          const user = await signInWithPassword(credentials?.email ?? "", credentials?.password ?? "", ip);
          return user ? { id: user.id, email: user.email, name: user.name, role: user.role } : null;
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          const role = (user as { role?: unknown }).role;
          if (isRole(role)) token.role = role;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub, role: token.role } };
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.sub) await auditEvent({ action: "auth.sign_out", actorId: token.sub, target: token.email ?? null });
      },
    },
  };
  return cached;
}
