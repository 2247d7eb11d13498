import { z } from "zod";
import { FINISHED_RUN_STATUSES } from "../contracts/status";
import { lakeKeys } from "../lake/keys";
import type { LakeStorage } from "../lake/storage";

/**
 * What the jobs leave in the lake for a run, on both backends: processed/_reports/<run name>/
 * {plan,job1,job2,gate,job3,summary}.json. The quality gate reads jobs 1 and 2's; on AWS the portal
 * reads them all back (the Glue jobs cannot write the app database).
 */
const tableQuality = z.object({
  table: z.string(),
  status: z.enum(["ok", "failed", "skipped"]),
  file: z.string().nullable(),
  rowsIn: z.number(),
  rowsOut: z.number(),
  rejected: z.number(),
  duplicates: z.number(),
  orphans: z.number(),
  topReasons: z.array(z.object({ reason: z.string(), count: z.number() })),
  warnings: z.array(z.string()),
  error: z.string().nullable(),
});

const gateFigures = z.object({
  month: z.string(),
  orders: z.number(),
  sessions: z.number(),
  hasSessions: z.boolean(),
  previous: z.object({ month: z.string(), orders: z.number(), sessions: z.number() }).nullable(),
});

export const gateDecisionSchema = z.object({
  held: z.boolean(),
  failed: z.array(z.object({ table: z.string(), rule: z.enum(["rejects", "no_rows", "volume"]), value: z.number(), limit: z.number(), message: z.string() })),
  checked: z.number(),
});

export const reportSchemas = {
  job1: z.object({ tables: z.array(tableQuality), durationMs: z.number() }),
  job2: z.object({
    tables: z.array(z.object({ table: z.string(), rows: z.number() })),
    orphans: z.record(z.string(), z.number()),
    // Absent in reports written before the quality gate existed.
    figures: gateFigures.nullable().default(null),
    durationMs: z.number(),
  }),
  gate: gateDecisionSchema,
  job3: z.object({ tables: z.array(z.object({ table: z.string(), rows: z.number() })), durationMs: z.number() }),
  summary: z.object({ status: z.enum(FINISHED_RUN_STATUSES), error: z.string().nullable(), finishedAt: z.string() }),
};
export type ReportName = keyof typeof reportSchemas;
export type Report<N extends ReportName> = z.infer<(typeof reportSchemas)[N]>;
export type TableQualityReport = z.infer<typeof tableQuality>;

export async function writeReport<N extends ReportName>(lake: LakeStorage, runName: string, name: N, report: z.input<(typeof reportSchemas)[N]>): Promise<void> {
  await lake.put(lakeKeys.report(runName, name), JSON.stringify(report), "application/json");
}

/** A report of the run, or null when that job has not written one. */
export async function readReport<N extends ReportName>(lake: LakeStorage, runName: string, name: N): Promise<Report<N> | null> {
  const key = lakeKeys.report(runName, name);
  if (!(await lake.head(key))) return null;
  const parsed = reportSchemas[name].safeParse(JSON.parse(Buffer.from(await lake.get(key)).toString("utf8")));
  if (!parsed.success) throw new Error(`${key} is not a valid ${name} report: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return parsed.data as Report<N>;
}
