/**
 * A real S3-compatible server (s3rver) on loopback for the tests, with CORS for the portal origin and
 * a SigV4 presigned-URL check in front (s3rver itself does not verify V4 signatures).
 */
import crypto from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { verifyPresigned } from "./sigv4-verify";

export const S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };
export const PORTAL_ORIGIN = "https://portal.example.test";

const CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>${PORTAL_ORIGIN}</AllowedOrigin>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

export interface LocalS3 {
  endpoint: string;
  bucket: string;
  /** Presigned requests rejected by the signature check, newest last. */
  rejected: string[];
  /** Keys of conditional writes refused because the object existed (412), newest last. */
  conditionalRefusals: string[];
  close(): Promise<void>;
}

interface S3rverStore {
  existsObject(bucket: string, key: string): Promise<boolean>;
}

interface KoaCtx {
  method: string;
  originalUrl: string;
  get(name: string): string;
  status: number;
  body: unknown;
  type: string;
}

/**
 * s3rver encrypts ListObjectsV2 continuation tokens with DES, which OpenSSL 3 (Node 18+) no longer
 * offers, so every truncated listing fails with InternalError. Its tokens only need to round-trip, so
 * inside the test process "des" becomes an identity transform.
 */
function allowS3rverContinuationTokens(): void {
  const c = crypto as unknown as Record<string, unknown> & { __desShim?: boolean };
  if (c.__desShim) return;
  const identity = () => ({ update: (b: Buffer | string, enc?: BufferEncoding) => Buffer.from(b as string, enc), final: () => Buffer.alloc(0) });
  for (const fn of ["createCipheriv", "createDecipheriv"] as const) {
    const original = c[fn] as (...a: unknown[]) => unknown;
    c[fn] = (alg: string, ...rest: unknown[]) => (alg === "des" ? identity() : original(alg, ...rest));
  }
  c.__desShim = true;
}

export async function startLocalS3(bucket = "lake"): Promise<LocalS3> {
  allowS3rverContinuationTokens();
  const dir = await mkdtemp(path.join(tmpdir(), "s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket, configs: [CORS] }],
  });
  const rejected: string[] = [];
  const check = async (ctx: KoaCtx, next: () => Promise<unknown>) => {
    if (ctx.method !== "OPTIONS" && ctx.originalUrl.includes("X-Amz-Signature=")) {
      const headers: Record<string, string | undefined> = {};
      for (const h of ["host", "content-type", "content-length", "x-amz-content-sha256", "if-none-match"]) headers[h] = ctx.get(h) || undefined;
      const v = verifyPresigned({ method: ctx.method, url: ctx.originalUrl, headers }, { [S3_CREDENTIALS.accessKeyId]: S3_CREDENTIALS.secretAccessKey });
      if (!v.ok) {
        rejected.push(v.reason);
        ctx.status = 403;
        ctx.type = "application/xml";
        ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>${v.reason}</Message></Error>`;
        return;
      }
    }
    return next();
  };
  // S3's conditional writes (If-None-Match: * on PutObject and CompleteMultipartUpload: 412 when the key
  // exists). s3rver 3.7 reads If-None-Match only on GET (controllers/object.js), so this step enforces
  // AWS's documented rule in front of it, the way the signature check above does for SigV4.
  const conditional = async (ctx: KoaCtx & { path: string; query: Record<string, string>; store: S3rverStore }, next: () => Promise<unknown>) => {
    const isPut = ctx.method === "PUT" && ctx.query.partNumber === undefined && !ctx.get("x-amz-copy-source");
    const isComplete = ctx.method === "POST" && ctx.query.uploadId !== undefined;
    if ((isPut || isComplete) && ctx.get("if-none-match")) {
      const [b, ...rest] = ctx.path.split("/").filter(Boolean).map(decodeURIComponent);
      if (ctx.get("if-none-match") !== "*") {
        ctx.status = 400;
        ctx.type = "application/xml";
        ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>InvalidRequest</Code><Message>If-None-Match only accepts *</Message></Error>`;
        return;
      }
      if (b && rest.length > 0 && (await ctx.store.existsObject(b, rest.join("/")))) {
        conditionalRefusals.push(rest.join("/"));
        ctx.status = 412;
        ctx.type = "application/xml";
        ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message><Condition>If-None-Match</Condition></Error>`;
        return;
      }
    }
    return next();
  };
  const conditionalRefusals: string[] = [];
  // Koa composes its middleware list when it starts listening: put the checks first.
  (server as unknown as { middleware: unknown[] }).middleware.unshift(check, conditional);
  const addr = (await server.run()) as { address: string; port: number };
  return {
    endpoint: `http://127.0.0.1:${addr.port}`,
    bucket,
    rejected,
    conditionalRefusals,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
