import { z } from "zod";
import type { LakeStorage } from "../lake/storage";

/**
 * What the Glue jobs and PublishRunSummary leave in the lake for a run, read back for the portal (on
 * AWS the jobs cannot write the app database's quality table, so their reports are the source):
 * processed/_reports/<execution name>/{job1,job2,job3,summary}.json
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

const job1 = z.object({ tables: z.array(tableQuality), durationMs: z.number() });
const job2 = z.object({ tables: z.array(z.object({ table: z.string(), rows: z.number() })), orphans: z.record(z.string(), z.number()), durationMs: z.number() });
const job3 = z.object({ tables: z.array(z.object({ table: z.string(), rows: z.number() })), durationMs: z.number() });
const summary = z.object({ status: z.enum(["succeeded", "partial", "failed"]), error: z.string().nullable(), finishedAt: z.string() });

export type TableQualityReport = z.infer<typeof tableQuality>;
export interface RunReports {
  job1: z.infer<typeof job1> | null;
  job2: z.infer<typeof job2> | null;
  job3: z.infer<typeof job3> | null;
  summary: z.infer<typeof summary> | null;
}

export const reportKey = (executionName: string, name: "job1" | "job2" | "job3" | "summary") => `processed/_reports/${executionName}/${name}.json`;

export async function readRunReports(lake: LakeStorage, executionName: string): Promise<RunReports> {
  const read = async <T>(name: "job1" | "job2" | "job3" | "summary", schema: z.ZodType<T>): Promise<T | null> => {
    const key = reportKey(executionName, name);
    if (!(await lake.head(key))) return null;
    const parsed = schema.safeParse(JSON.parse(Buffer.from(await lake.get(key)).toString("utf8")));
    if (!parsed.success) throw new Error(`${key} is not a valid ${name} report: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    return parsed.data;
  };
  const [j1, j2, j3, s] = await Promise.all([read("job1", job1), read("job2", job2), read("job3", job3), read("summary", summary)]);
  return { job1: j1, job2: j2, job3: j3, summary: s };
}

/** Job 1's quality per table with job 2's orphan counts folded in, as the local run stores them. */
export function qualityFromReports(r: RunReports): TableQualityReport[] {
  return (r.job1?.tables ?? []).map((t) => ({ ...t, orphans: r.job2?.orphans[t.table] ?? t.orphans }));
}
