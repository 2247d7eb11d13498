import type { LakeStorage } from "../lake/storage";
import { readReport, type Report, type TableQualityReport } from "../pipeline/reports";

/**
 * The Glue jobs' and PublishRunSummary's reports of a run (lib/pipeline/reports.ts), read back for the
 * portal: on AWS the jobs cannot write the app database's quality table, so their reports are the source.
 */
export type { TableQualityReport };
export interface RunReports {
  job1: Report<"job1"> | null;
  job2: Report<"job2"> | null;
  gate: Report<"gate"> | null;
  job3: Report<"job3"> | null;
  summary: Report<"summary"> | null;
}

export async function readRunReports(lake: LakeStorage, runName: string): Promise<RunReports> {
  const [job1, job2, gate, job3, summary] = await Promise.all([
    readReport(lake, runName, "job1"),
    readReport(lake, runName, "job2"),
    readReport(lake, runName, "gate"),
    readReport(lake, runName, "job3"),
    readReport(lake, runName, "summary"),
  ]);
  return { job1, job2, gate, job3, summary };
}

/** Job 1's quality per table with job 2's orphan counts folded in, as the local run stores them. */
export function qualityFromReports(r: RunReports): TableQualityReport[] {
  return (r.job1?.tables ?? []).map((t) => ({ ...t, orphans: r.job2?.orphans[t.table] ?? t.orphans }));
}

/** processed/_reports/<run name>/<name>.json */
export const reportKey = (runName: string, name: string) => `processed/_reports/${runName}/${name}.json`;
