import { z } from "zod";

/** A memory size as DuckDB reads it: MB/GB are powers of 1000, MiB/GiB of 1024. */
const MEMORY_SIZE = /^(\d+(?:\.\d+)?)\s*(MB|GB|MiB|GiB)$/i;
const MEMORY_UNIT: Record<string, number> = { mb: 1e6, gb: 1e9, mib: 2 ** 20, gib: 2 ** 30 };

/** A size the schema accepted (`1400MB`, `1.5GiB`) in bytes. */
export function memorySizeBytes(size: string): number {
  const m = MEMORY_SIZE.exec(size.trim());
  if (!m) throw new Error(`not a memory size: ${size}`);
  return Number(m[1]) * MEMORY_UNIT[m[2]!.toLowerCase()]!;
}

/** Every setting the app reads, validated once. Code reads `config()`, never `process.env`. */
export const configSchema = z
  .object({
    PORTAL_BACKEND: z.enum(["local", "aws"]).default("local"),
    DATA_DIR: z.string().min(1).default("./data"),
    // What the pipeline's DuckDB may hold in memory before it spills to DATA_DIR/work/duckdb-spill. At
    // 1 GB job 2 spilled at scale 30 (37 s instead of 15 s) while it built two session hash tables at
    // once; it builds them one after the other in such a month now, and 1400 MB holds a 2 GB month
    // with a peak RSS of 2.27 GB (1600 MB: 2.62 GB, no faster).
    DUCKDB_MEMORY_LIMIT: z
      .string()
      .regex(MEMORY_SIZE, "must be a size such as 1600MB or 2GB")
      .default("1400MB"),
    // The embedded PostgreSQL's buffer pool (PGlite only). Its start clears the whole pool in WebAssembly
    // (≈ 3 ms a MB): 128 MB, PostgreSQL's default, made every process start 0.3 s longer than 32 MB; 64 MB
    // still holds a scale-1 month's loaded facts (≈ 26 MB), so job 3 writes no page out while it loads.
    PGLITE_SHARED_BUFFERS: z
      .string()
      .regex(/^\d+(kB|MB|GB)$/, "must be a PostgreSQL size such as 64MB")
      .default("64MB"),
    // Caches that only make things faster (a migrated empty database for new DATA_DIRs); "off" disables.
    CACHE_DIR: z.string().min(1).default("node_modules/.cache/shoplake"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
    // How the app logs in to DATABASE_URL: the URL's password, or an RDS IAM token per connection (AWS).
    DATABASE_AUTH: z.enum(["password", "rds-iam"]).default("password"),
    // Authorities for the database's TLS certificate: "rds" (Amazon's RDS CA bundle, shipped with the
    // app) or a PEM file's path. Unset: Node's own store.
    DATABASE_CA: z.string().min(1).optional(),
    BUSINESS_TIMEZONE: z
      .string()
      .default("UTC")
      .refine(isValidTimeZone, "must be an IANA time zone name such as Europe/Paris"),
    // The shop's currency, for how the portal writes amounts (sums are never converted between currencies).
    SHOP_CURRENCY: z
      .string()
      .default("USD")
      .refine((c) => /^[A-Z]{3}$/.test(c) && Intl.supportedValuesOf("currency").includes(c), "must be an ISO 4217 currency code such as EUR or BRL"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    AUTH_SECRET: z.string().min(16).optional(),
    APP_URL: z.string().url().optional(),
    QUICKSIGHT_DASHBOARD_URL: z.string().url().optional(),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    // Off: X-Forwarded-For/-Host/-Proto are whatever the caller claims, so the server uses the socket.
    // On: the portal sits behind a reverse proxy that sets them (it appends the client to X-Forwarded-For).
    TRUST_PROXY: z
      .enum(["true", "false", "1", "0"])
      .transform((v) => v === "true" || v === "1")
      .default(false),
    // AWS backend (validated as required below when PORTAL_BACKEND=aws)
    AWS_REGION: z.string().optional(),
    S3_ENDPOINT: z.string().url().optional(),
    LAKE_BUCKET: z.string().optional(),
    STATE_MACHINE_ARN: z.string().optional(),
    ATHENA_WORKGROUP: z.string().optional(),
    ATHENA_DATABASE: z.string().optional(),
    GLUE_DATABASE: z.string().optional(),
    // Glue 5 jobs write stdout/stderr to <prefix>/output and system logs to <prefix>/error (stream
    // <JobRunId>-driver); Terraform's prefix is /aws-glue/<name_prefix>. The job logs merge both.
    GLUE_LOG_GROUP: z.string().default("/aws-glue/jobs/output"),
    GLUE_ERROR_LOG_GROUP: z.string().default("/aws-glue/jobs/error"),
    // S3-compatible servers (MinIO, s3rver) need path-style URLs; defaults to on when S3_ENDPOINT is set.
    S3_FORCE_PATH_STYLE: z
      .enum(["true", "false", "1", "0"])
      .transform((v) => v === "true" || v === "1")
      .optional(),
    // Files above the threshold upload as multipart (parts of MULTIPART_PART_SIZE, S3's minimum is 5 MiB).
    MULTIPART_THRESHOLD: z.coerce.number().int().min(5 * 1024 * 1024).default(64 * 1024 * 1024),
    MULTIPART_PART_SIZE: z.coerce.number().int().min(5 * 1024 * 1024).default(16 * 1024 * 1024),
    UPLOAD_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(7 * 24 * 3600).default(900),
    // Local lake: an upload is refused (507) before it starts when it would leave less than this free on
    // DATA_DIR's disk (the pipeline, the database and DuckDB's spill need the rest).
    LOCAL_MIN_FREE_DISK_MB: z.coerce.number().int().min(0).default(1024),
    ATHENA_CATALOG: z.string().default("AwsDataCatalog"),
    // Only needed when the workgroup does not enforce its own result location.
    ATHENA_OUTPUT: z.string().regex(/^s3:\/\//, "must be an s3:// URL").optional(),
    ATHENA_RESULT_REUSE_MINUTES: z.coerce.number().int().min(0).max(10080).default(60),
    ATHENA_QUERY_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
  })
  .superRefine((c, ctx) => {
    if (c.DATABASE_AUTH === "rds-iam") {
      if (!c.DATABASE_URL) ctx.addIssue({ code: "custom", path: ["DATABASE_URL"], message: "is required when DATABASE_AUTH=rds-iam" });
      if (!c.AWS_REGION) ctx.addIssue({ code: "custom", path: ["AWS_REGION"], message: "is required when DATABASE_AUTH=rds-iam" });
      // RDS accepts IAM tokens over TLS only, and the server must be the one the token was made for.
      if (!c.DATABASE_CA) ctx.addIssue({ code: "custom", path: ["DATABASE_CA"], message: "is required when DATABASE_AUTH=rds-iam (rds for Amazon's CA bundle)" });
    }
    if (c.PORTAL_BACKEND !== "aws") return;
    for (const key of ["AWS_REGION", "LAKE_BUCKET", "STATE_MACHINE_ARN", "ATHENA_WORKGROUP", "GLUE_DATABASE"] as const) {
      if (!c[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required when PORTAL_BACKEND=aws" });
    }
  });

export type AppConfig = z.infer<typeof configSchema>;

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
