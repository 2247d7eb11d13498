import { z } from "zod";

/** Every setting the app reads, validated once. Code reads `config()`, never `process.env`. */
export const configSchema = z
  .object({
    PORTAL_BACKEND: z.enum(["local", "aws"]).default("local"),
    DATA_DIR: z.string().min(1).default("./data"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional(),
    BUSINESS_TIMEZONE: z
      .string()
      .default("UTC")
      .refine(isValidTimeZone, "must be an IANA time zone name such as Europe/Paris"),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    AUTH_SECRET: z.string().min(16).optional(),
    APP_URL: z.string().url().optional(),
    QUICKSIGHT_DASHBOARD_URL: z.string().url().optional(),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
    // AWS backend (validated as required below when PORTAL_BACKEND=aws)
    AWS_REGION: z.string().optional(),
    S3_ENDPOINT: z.string().url().optional(),
    LAKE_BUCKET: z.string().optional(),
    STATE_MACHINE_ARN: z.string().optional(),
    ATHENA_WORKGROUP: z.string().optional(),
    ATHENA_DATABASE: z.string().optional(),
    GLUE_DATABASE: z.string().optional(),
    GLUE_LOG_GROUP: z.string().default("/aws-glue/python-jobs/output"),
  })
  .superRefine((c, ctx) => {
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
