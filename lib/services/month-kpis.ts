import "server-only";
import { previousMonth } from "../analytics/queries";
import { queryMonthKpis } from "../analytics/query-month";
import type { MonthKpis } from "../analytics/types";
import { lastPublishFrom, publishedRunForMonth } from "../db/run-lookups";
import { getBackend } from "../wiring";

/**
 * A month's numbers through the analytics layer. Cached per month and keyed by the run the month is
 * published from and the last publish of the months it reads (the previous one for month-over-month,
 * the later ones for the review share), so a newly published run (from any process) invalidates it.
 */
const cache = new Map<string, { key: string; value: MonthKpis | null }>();

export async function getMonthKpis(month: string): Promise<MonthKpis | null> {
  const [run, around] = await Promise.all([publishedRunForMonth(month), lastPublishFrom(previousMonth(month))]);
  const key = `${run ? `${run.id}@${run.publishedAt.toISOString()}` : "none"}|${around?.toISOString() ?? "none"}`;
  const hit = cache.get(month);
  if (hit && hit.key === key) return hit.value;

  const { analytics } = await getBackend();
  const value = await queryMonthKpis(analytics, month, run ? { runId: run.id, finishedAt: run.publishedAt.toISOString() } : null);
  cache.set(month, { key, value });
  return value;
}

let monthsCache: { at: number; value: string[] } | null = null;

/** Months with curated data, newest first (short-lived cache: the list changes only when a run ends). */
export async function listCuratedMonths(): Promise<string[]> {
  if (monthsCache && Date.now() - monthsCache.at < 2000) return monthsCache.value;
  const { analytics } = await getBackend();
  const value = await analytics.months();
  monthsCache = { at: Date.now(), value };
  return value;
}

export type { MonthKpis };
