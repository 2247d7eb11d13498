import "server-only";
import { z } from "zod";
import { batchSources } from "../db/batch-runs";
import { listRunMonths, listRuns } from "../db/runs";
import { monthSchema } from "../contracts/month-schemas";
import { RUN_STATUSES } from "../contracts/status";
import type { RunSummaryDto } from "./run-types";

/** The API's filters: a value it does not know is a 400, never a silently unfiltered list. */
export const runFiltersSchema = z.object({
  status: z.enum(RUN_STATUSES).optional(),
  month: monthSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type RunFilters = z.infer<typeof runFiltersSchema>;

/** The page's filters come from a URL a person may have edited: unknown values show every run. */
export const runFiltersPageSchema = z.object({
  status: runFiltersSchema.shape.status.catch(undefined),
  month: runFiltersSchema.shape.month.catch(undefined),
  limit: runFiltersSchema.shape.limit.catch(100),
});

/** Runs newest first with who uploaded their batch. */
export async function runSummaries(filters: RunFilters): Promise<RunSummaryDto[]> {
  const runs = await listRuns({ status: filters.status, month: filters.month, limit: filters.limit });
  const batches = await batchSources(runs.map((r) => r.batchId));
  const who = new Map([...batches].map(([id, b]) => [id, b.createdBy ? (b.createdBy.name ?? b.createdBy.email) : b.source === "cli" ? "CLI" : null]));
  return runs.map((r) => ({
    id: r.id,
    batchId: r.batchId,
    month: r.month,
    status: r.status,
    trigger: r.trigger,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt ? r.endedAt.toISOString() : null,
    durationMs: r.durationMs,
    uploadedBy: who.get(r.batchId) ?? null,
    retryOfId: r.retryOfId,
  }));
}

/** Months that have runs, newest first (for the filter). */
export const runMonths = (): Promise<string[]> => listRunMonths();
