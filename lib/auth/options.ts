import "server-only";
import type { NextAuthOptions } from "next-auth";
import { encode as encodeJwt } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { findActiveSession, openSession, revokeUserSessions } from "../db/sessions";
import { clientIpFromRecord } from "./client-ip";
import { auditEvent } from "./audit";
import { prepareNextAuthEnv, sessionCookieName, secureCookies } from "./cookies";
import { isRole } from "./roles";
import { authSecret } from "./secret";
import { signInWithPassword } from "./sign-in";

/**
 * A session lives at most this long from sign-in, however often it is used: the cookie (a signed JWT)
 * names a UserSession row, and that row's fixed end, its revocation (sign-out, deactivation) and the
 * user's current role and active flag are read on every request.
 */
export const SESSION_MAX_AGE_SEC = 8 * 60 * 60;

/** Thrown inside the jwt callback: next-auth then answers "no session" and clears the cookie. */
class SessionEnded extends Error {
  override name = "SessionEnded";
}

let cached: NextAuthOptions | undefined;

export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  prepareNextAuthEnv();
  const secure = secureCookies();
  cached = {
    secret: authSecret(),
    useSecureCookies: secure,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SEC },
    jwt: {
      maxAge: SESSION_MAX_AGE_SEC,
      // next-auth re-signs the cookie on every session read with a fresh expiry; never past the
      // session's own end.
      encode: (params) => {
        const end = typeof params.token?.sessionEnd === "number" ? params.token.sessionEnd : undefined;
        const left = end === undefined ? undefined : Math.max(1, end - Math.floor(Date.now() / 1000));
        return encodeJwt({ ...params, maxAge: left === undefined ? params.maxAge : Math.min(params.maxAge ?? SESSION_MAX_AGE_SEC, left) });
      },
    },
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
          const email = typeof credentials?.email === "string" ? credentials.email.slice(0, 320) : "";
          const password = typeof credentials?.password === "string" ? credentials.password.slice(0, 1024) : "";
          const user = await signInWithPassword(email, password, ip);
          return user ? { id: user.id, email: user.email, name: user.name, role: user.role, ip } : null;
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          // Sign-in: open the server-side session this cookie will name.
          const opened = await openSession(user.id, SESSION_MAX_AGE_SEC * 1000, (user as { ip?: string }).ip ?? null);
          const role = (user as { role?: unknown }).role;
          return {
            sub: user.id,
            email: user.email,
            name: user.name,
            sid: opened.id,
            sessionEnd: Math.floor(opened.expiresAt.getTime() / 1000),
            ...(isRole(role) ? { role } : {}),
          };
        }
        const s = typeof token.sid === "string" ? await findActiveSession(token.sid) : null;
        if (!s || s.user.id !== token.sub) throw new SessionEnded("the session has ended");
        // Who the user is now, not who they were at sign-in.
        return { ...token, email: s.user.email, name: s.user.name ?? s.user.email, role: s.user.role };
      },
      session({ session, token }) {
        return {
          ...session,
          expires: typeof token.sessionEnd === "number" ? new Date(token.sessionEnd * 1000).toISOString() : session.expires,
          user: { name: token.name, email: token.email, id: token.sub, role: token.role },
        };
      },
    },
    events: {
      async signOut({ token }) {
        if (!token?.sub) return;
        // Every session of the user ends on the server, so a copied cookie is worthless too.
        const ended = await revokeUserSessions(token.sub);
        await auditEvent({ action: "auth.sign_out", actorId: token.sub, target: token.email ?? null, details: { sessionsEnded: ended } });
      },
    },
    logger: {
      error(code, metadata) {
        // An ended session is an answer ("signed out"), not a server error.
        if (code === "JWT_SESSION_ERROR" && metadata instanceof SessionEnded) return;
        console.error(`[next-auth][error][${code}]`, metadata);
      },
      warn(code) {
        console.warn(`[next-auth][warn][${code}]`);
      },
      debug() {},
    },
  };
  return cached;
}
