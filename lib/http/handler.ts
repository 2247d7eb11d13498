import "server-only";
import type { NextRequest } from "next/server";
import { unstable_rethrow } from "next/navigation";
import type { ZodType } from "zod";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import type { Role } from "@/lib/auth/roles";
import { isAppError } from "@/lib/errors";
import { clientIp } from "./client-ip";
import { appErrorResponse, errorResponse, zodDetails } from "./errors";

export interface HandlerContext<Q, B> {
  req: NextRequest;
  /** Null only for `roles: "public"` handlers called without a session. */
  user: SessionUser | null;
  query: Q;
  body: B;
  params: Record<string, string>;
  ip: string;
}

export interface HandlerOptions<Q, B> {
  /** Omitted: any signed-in user. `"public"`: no session needed (the user is still resolved if present). */
  roles?: readonly Role[] | "public";
  query?: ZodType<Q>;
  body?: ZodType<B>;
  /** Largest body accepted (bytes): a larger one is refused with 413 before it is parsed. */
  maxBodyBytes?: number;
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined> | undefined> };

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * THE route-handler wrapper: authenticates, authorises by role, validates query and body with zod,
 * maps AppError to its status and logs anything unexpected as a 500. Plain values returned become JSON,
 * `undefined` becomes 204, a Response is passed through.
 */
export const handler =
  <Q = Record<string, never>, B = undefined>(
    opts: HandlerOptions<Q, B>,
    fn: (ctx: HandlerContext<Q, B>) => Promise<Response | unknown>,
  ) =>
  async (req: NextRequest, route?: RouteContext): Promise<Response> => {
    try {
      const user = await getSessionUser();
      if (opts.roles !== "public") {
        if (!user) return errorResponse(401, "unauthenticated", "Sign in to continue.");
        if (opts.roles && !opts.roles.includes(user.role)) {
          return errorResponse(403, "forbidden", "Your role does not allow this.");
        }
      }
      // Session cookies are SameSite=Lax; refusing a foreign Origin on writes closes the rest of CSRF.
      if (MUTATING.has(req.method) && !sameOrigin(req)) {
        return errorResponse(403, "bad_origin", "Cross-site request refused.");
      }

      const rawQuery = Object.fromEntries(req.nextUrl.searchParams);
      let query = rawQuery as unknown as Q;
      if (opts.query) {
        const parsed = opts.query.safeParse(rawQuery);
        if (!parsed.success) return errorResponse(400, "invalid_query", "Invalid query parameters.", zodDetails(parsed.error));
        query = parsed.data;
      }

      let body = undefined as B;
      if (opts.body) {
        let raw: unknown;
        try {
          const text = await readBody(req, opts.maxBodyBytes);
          if (text === null) return errorResponse(413, "too_large", `The request body is larger than ${opts.maxBodyBytes} bytes.`);
          raw = text === "" ? undefined : JSON.parse(text);
        } catch {
          return errorResponse(400, "invalid_json", "The request body is not valid JSON.");
        }
        const parsed = opts.body.safeParse(raw);
        if (!parsed.success) return errorResponse(400, "invalid_body", "Invalid request body.", zodDetails(parsed.error));
        body = parsed.data;
      }

      // Static routes get `params` resolving to undefined.
      const params = flattenParams((route ? await route.params : undefined) ?? {});
      const result = await fn({ req, user, query, body, params, ip: clientIp((n) => req.headers.get(n)) });
      if (result instanceof Response) return result;
      if (result === undefined) return new Response(null, { status: 204 });
      return Response.json(result, { headers: { "cache-control": "no-store" } });
    } catch (e) {
      unstable_rethrow(e); // redirect()/notFound() and Next's own control flow
      if (isAppError(e)) return appErrorResponse(e);
      console.error(`[api] ${req.method} ${req.nextUrl.pathname} failed:`, e);
      return errorResponse(500, "internal", "Something went wrong on our side. It has been logged.");
    }
  };

/** The body as text, or null when it is over `max` bytes (read no further than that). */
async function readBody(req: NextRequest, max: number | undefined): Promise<string | null> {
  if (max === undefined) return req.text();
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > max) return null;
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function flattenParams(p: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join("/") : v;
  return out;
}

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
