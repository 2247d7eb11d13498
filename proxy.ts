import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { sessionCookieName } from "@/lib/auth/cookies";
import { isPublicPath } from "@/lib/auth/roles";
import { authSecret } from "@/lib/auth/secret";
import { HSTS, isHttps, pageCsp } from "@/lib/http/security-headers";

const PATH_HEADER = "x-portal-path"; // same name as PATH_HEADER in lib/auth/session.ts
const NONCE_HEADER = "x-nonce"; // read by app/layout.tsx

/**
 * First gate for pages: a visitor without a valid session cookie goes to /login and comes back after.
 * Roles are NOT decided here (the JWT's role may be stale): the (portal) layout re-checks the session
 * and the page's roles against the database. Every page answer gets its CSP with a fresh nonce, which
 * Next puts on its own scripts (it reads the nonce from the request's CSP header).
 */
export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const https = isHttps(req.headers, req.nextUrl);
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const csp = pageCsp(nonce, { https, dev: process.env.NODE_ENV === "development" });

  let res: NextResponse;
  if (!isPublicPath(pathname) && pathname !== "/" && !(await getToken({ req, secret: authSecret(), cookieName: sessionCookieName() }))) {
    const url = new URL("/login", req.url);
    url.searchParams.set("callbackUrl", pathname + search);
    res = NextResponse.redirect(url);
  } else {
    const headers = new Headers(req.headers);
    headers.set(PATH_HEADER, pathname + search);
    headers.set(NONCE_HEADER, nonce);
    headers.set("content-security-policy", csp);
    res = NextResponse.next({ request: { headers } });
  }
  res.headers.set("content-security-policy", csp);
  if (https) res.headers.set("strict-transport-security", HSTS);
  return res;
}

export const config = {
  // Pages only: API routes answer 401/403 through lib/http/handler; static assets pass untouched.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
