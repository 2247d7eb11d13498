import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { sessionCookieName } from "@/lib/auth/cookies";
import { isPublicPath } from "@/lib/auth/roles";
import { authSecret } from "@/lib/auth/secret";

const PATH_HEADER = "x-portal-path"; // same name as PATH_HEADER in lib/auth/session.ts

/**
 * First gate for pages: a visitor without a valid session cookie goes to /login and comes back after.
 * Roles are NOT decided here (the JWT's role may be stale): pages re-check against the database with
 * requirePageUser, and API handlers answer 401/403 themselves.
 */
export async function proxy(req: NextRequest) {
  const { pathname, search } = req.nextUrl;
  const headers = new Headers(req.headers);
  headers.set(PATH_HEADER, pathname + search);

  if (!isPublicPath(pathname) && pathname !== "/") {
    const token = await getToken({ req, secret: authSecret(), cookieName: sessionCookieName() });
    if (!token) {
      const url = new URL("/login", req.url);
      url.searchParams.set("callbackUrl", pathname + search);
      return NextResponse.redirect(url);
    }
  }
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: API routes answer 401/403 through lib/http/handler; static assets pass untouched.
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|icon.svg|robots.txt).*)"],
};
