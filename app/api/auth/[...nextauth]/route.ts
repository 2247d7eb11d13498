import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { z } from "zod";
import { authOptions } from "@/lib/auth/options";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/handler";

/** Sign-in, CSRF token, session and sign-out forms are a few hundred bytes. */
const AUTH_BODY_LIMIT = 16 * 1024;
/** next-auth's own routes: `/api/auth/<action>[/<provider>]`. */
const params = z.object({ nextauth: z.string().regex(/^[a-z_-]{1,32}(\/[a-z0-9_-]{1,32})?$/, "unknown auth route") });

/**
 * next-auth behind the route wrapper: the body is read within its limit before next-auth sees it
 * (next-auth would read any size), then handed over as a fresh request. Built per request so config
 * (AUTH_SECRET, APP_URL) is read at run time, not at build time.
 */
const auth = handler({ roles: "public", bodyLimit: AUTH_BODY_LIMIT, rawBody: true, params }, async ({ req, rawBody, params: p }) => {
  const type = req.headers.get("content-type") ?? "";
  if (req.method === "POST" && type.includes("application/json")) {
    try {
      JSON.parse(rawBody ?? "");
    } catch {
      throw new AppError(400, "invalid_json", "The request body is not valid JSON.");
    }
  }
  const forwarded = new NextRequest(req.url, {
    method: req.method,
    headers: req.headers,
    ...(req.method === "POST" ? { body: rawBody ?? "" } : {}),
  });
  const ctx = { params: Promise.resolve({ nextauth: p.nextauth.split("/") }) };
  return (await NextAuth(forwarded, ctx, authOptions())) as Response;
});

export { auth as GET, auth as POST };
