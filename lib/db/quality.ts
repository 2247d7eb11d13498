import "server-only";
import { getDb } from "./client";
import type { QualityReport } from "./generated/client";
import type { QualitySummary } from "../backend/types";

export interface ReasonCount {
  reason: string;
  count: number;
}

/** A table's data-quality figures for one run (job 1 writes them; job 2 adds orphans). */
export interface QualityInput {
  status: string;
  rowsIn?: number;
  rowsOut?: number;
  rejected?: number;
  duplicates?: number;
  orphans?: number;
  /** Most frequent first. */
  topReasons?: readonly ReasonCount[];
  warnings?: readonly string[];
  error?: string | null;
}

export interface QualityView extends QualitySummary {
  id: string;
  runId: string;
}

/** Creates or replaces the report of (run, table). Extra keys in `data` are ignored. */
export async function saveQualityReport(runId: string, table: string, data: QualityInput): Promise<QualityView> {
  const db = await getDb();
  const fields = {
    status: data.status,
    rowsIn: data.rowsIn ?? 0,
    rowsOut: data.rowsOut ?? 0,
    rejected: data.rejected ?? 0,
    duplicates: data.duplicates ?? 0,
    orphans: data.orphans ?? 0,
    topReasons: (data.topReasons ?? []).map((r) => ({ reason: r.reason, count: r.count })),
    warnings: [...(data.warnings ?? [])],
    error: data.error ?? null,
  };
  const row = await db.qualityReport.upsert({
    where: { runId_table: { runId, table } },
    create: { runId, table, ...fields },
    update: fields,
  });
  return toView(row);
}

/** Job 2's orphan count of a table whose report job 1 wrote (no report: nothing to update). */
export async function setQualityOrphans(runId: string, table: string, orphans: number): Promise<void> {
  const db = await getDb();
  await db.qualityReport.updateMany({ where: { runId, table }, data: { orphans } });
}

export async function listQuality(runId: string): Promise<QualityView[]> {
  const db = await getDb();
  const rows = await db.qualityReport.findMany({ where: { runId }, orderBy: { table: "asc" } });
  return rows.map(toView);
}

/** A report row as the app sees it (also for the batch reads of `batch-runs.ts`). */
export function toView(q: QualityReport): QualityView {
  return {
    id: q.id,
    runId: q.runId,
    table: q.table,
    status: q.status,
    rowsIn: q.rowsIn,
    rowsOut: q.rowsOut,
    rejected: q.rejected,
    duplicates: q.duplicates,
    orphans: q.orphans,
    topReasons: asReasons(q.topReasons),
    warnings: Array.isArray(q.warnings) ? q.warnings.filter((w): w is string => typeof w === "string") : [],
    error: q.error,
  };
}

function asReasons(v: unknown): ReasonCount[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((x) => {
    const r = x as { reason?: unknown; count?: unknown };
    return typeof r?.reason === "string" && typeof r.count === "number" ? [{ reason: r.reason, count: r.count }] : [];
  });
}
