import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";

type Ctx = { params: Promise<{ nextauth: string[] }> };

// Built per request so config (AUTH_SECRET, APP_URL) is read at run time, not at build time.
const auth = (req: NextRequest, ctx: Ctx) => NextAuth(req, ctx, authOptions()) as Promise<Response>;

export { auth as GET, auth as POST };
