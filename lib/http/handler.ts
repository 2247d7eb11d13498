import "server-only";
import type { NextRequest } from "next/server";
import { unstable_rethrow } from "next/navigation";
import type { ZodType } from "zod";
import { clientIp } from "../auth/client-ip";
import { getSessionUser, type SessionUser } from "../auth/session";
import type { Role } from "../auth/roles";
import { isAppError } from "../errors";
import { checkDeclaredLength, JSON_BODY_LIMIT, parseJsonBody, readTextLimited } from "./body";
import { appErrorResponse, errorResponse, zodDetails } from "./errors";
import { paramProblem } from "./input";
import { withApiSecurityHeaders } from "./security-headers";

/** Who may call a route: listed roles, any signed-in user (omitted), or anyone (`"public"`). */
export type RouteRoles = readonly Role[] | "public" | undefined;
/** The signed-in user, present unless the route is public (public routes never look the session up). */
export type UserFor<R extends RouteRoles> = [R] extends ["public"] ? null : SessionUser;

export interface HandlerContext<Q, B, P, R extends RouteRoles = undefined> {
  req: NextRequest;
  user: UserFor<R>;
  query: Q;
  body: B;
  /** Validated by `params` when given; otherwise the raw values (already free of control characters). */
  params: P;
  /** The body as text when the route asked for `rawBody` (read within its limit). */
  rawBody: string | undefined;
  ip: string;
}

export interface HandlerOptions<Q, B, P, R extends RouteRoles = undefined> {
  /** Omitted: any signed-in user. `"public"`: no session needed and none is looked up. */
  roles?: R;
  query?: ZodType<Q>;
  body?: ZodType<B>;
  params?: ZodType<P>;
  /**
   * Largest body this route reads, checked against Content-Length before anything else (413 at once)
   * and again while reading. JSON_BODY_LIMIT (1 MB) unless the route says otherwise; a route that
   * streams its own body (uploads) gives its own ceiling and checks the exact size itself.
   */
  bodyLimit?: number;
  /** Read the body as text (within bodyLimit) for routes that parse it themselves (next-auth). */
  rawBody?: boolean;
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined> | undefined> };

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * THE route-handler wrapper: refuses oversized bodies before reading them, authenticates, authorises by
 * role, validates params, query and body with zod, maps AppError to its status and logs anything
 * unexpected as a 500. Plain values returned become JSON, `undefined` becomes 204, a Response is passed
 * through. Every answer carries the API's security headers.
 */
export const handler =
  <Q = Record<string, never>, B = undefined, P = Record<string, string>, R extends RouteRoles = undefined>(
    opts: HandlerOptions<Q, B, P, R>,
    fn: (ctx: HandlerContext<Q, B, P, R>) => Promise<Response | unknown>,
  ) =>
  async (req: NextRequest, route?: RouteContext): Promise<Response> =>
    withApiSecurityHeaders(req, await run(opts, fn, req, route));

async function run<Q, B, P, R extends RouteRoles>(
  opts: HandlerOptions<Q, B, P, R>,
  fn: (ctx: HandlerContext<Q, B, P, R>) => Promise<Response | unknown>,
  req: NextRequest,
  route: RouteContext | undefined,
): Promise<Response> {
  try {
    const limit = opts.bodyLimit ?? JSON_BODY_LIMIT;
    checkDeclaredLength(req.headers, limit);

    let user: SessionUser | null = null;
    if (opts.roles !== "public") {
      user = await getSessionUser();
      if (!user) return errorResponse(401, "unauthenticated", "Sign in to continue.");
      if (opts.roles && !opts.roles.includes(user.role)) {
        return errorResponse(403, "forbidden", "Your role does not allow this.");
      }
    }
    // Session cookies are SameSite=Lax; refusing a foreign Origin on writes closes the rest of CSRF.
    if (MUTATING.has(req.method) && !sameOrigin(req)) {
      return errorResponse(403, "bad_origin", "Cross-site request refused.");
    }

    // Static routes get `params` resolving to undefined.
    const rawParams = flattenParams((route ? await route.params : undefined) ?? {});
    const badParam = firstProblem(rawParams);
    if (badParam) return errorResponse(400, "invalid_params", `Invalid path parameter ${badParam}.`);
    let params = rawParams as unknown as P;
    if (opts.params) {
      const parsed = opts.params.safeParse(rawParams);
      if (!parsed.success) return errorResponse(400, "invalid_params", "Invalid path parameters.", zodDetails(parsed.error));
      params = parsed.data;
    }

    const rawQuery = Object.fromEntries(req.nextUrl.searchParams);
    const badQuery = firstProblem(rawQuery);
    if (badQuery) return errorResponse(400, "invalid_query", `Invalid query parameter ${badQuery}.`);
    let query = rawQuery as unknown as Q;
    if (opts.query) {
      const parsed = opts.query.safeParse(rawQuery);
      if (!parsed.success) return errorResponse(400, "invalid_query", "Invalid query parameters.", zodDetails(parsed.error));
      query = parsed.data;
    }

    let body = undefined as B;
    let rawBody: string | undefined;
    if (opts.body || opts.rawBody) {
      const text = await readTextLimited(req.body, limit);
      if (opts.rawBody) rawBody = text;
      if (opts.body) {
        const parsed = opts.body.safeParse(parseJsonBody(text));
        if (!parsed.success) return errorResponse(400, "invalid_body", "Invalid request body.", zodDetails(parsed.error));
        body = parsed.data;
      }
    }

    // `user` is null exactly when the route is public (checked above), as UserFor<R> says.
    const result = await fn({ req, user: user as UserFor<R>, query, body, params, rawBody, ip: clientIp((n) => req.headers.get(n)) });
    if (result instanceof Response) return result;
    if (result === undefined) return new Response(null, { status: 204 });
    return Response.json(result, { headers: { "cache-control": "no-store" } });
  } catch (e) {
    unstable_rethrow(e); // redirect()/notFound() and Next's own control flow
    if (isAppError(e)) return appErrorResponse(e);
    console.error(`[api] ${req.method} ${req.nextUrl.pathname} failed:`, e);
    return errorResponse(500, "internal", "Something went wrong on our side. It has been logged.");
  }
}

/** `name (reason)` of the first value that no route accepts, or null. */
function firstProblem(values: Record<string, string>): string | null {
  for (const [k, v] of Object.entries(values)) {
    const problem = paramProblem(k) ?? paramProblem(v);
    if (problem) return `${JSON.stringify(k.slice(0, 40))} (${problem})`;
  }
  return null;
}

function flattenParams(p: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join("/") : v;
  return out;
}

/**
 * The browser's Origin must name this server. Host is what the client connected to; X-Forwarded-Host
 * is only set by a trusted proxy (scripts/serve.ts drops a client's own without TRUST_PROXY).
 */
function sameOrigin(req: NextRequest): boolean {
  const origin = req.headers.get("origin");
  if (!origin) return true; // non-browser clients and same-origin GET-like navigations omit it
  try {
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export type { SessionUser };
