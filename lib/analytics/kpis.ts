import "server-only";
import { getBackend } from "../backend";
import { publishedRunForMonth } from "../db/run-lookups";
import { assembleKpis } from "./assemble";
import { previousMonth } from "./queries";
import type { MonthKpis } from "./types";

/**
 * A month's numbers through the analytics layer. Cached per month and keyed by the run the month is
 * published from, so a newly published run (from any process) invalidates the entry.
 */
const cache = new Map<string, { key: string; value: MonthKpis | null }>();

export async function getMonthKpis(month: string): Promise<MonthKpis | null> {
  const run = await publishedRunForMonth(month);
  const key = run ? `${run.id}@${run.publishedAt.toISOString()}` : "none";
  const hit = cache.get(month);
  if (hit && hit.key === key) return hit.value;

  const { analytics } = await getBackend();
  const prev = previousMonth(month);
  const [kpis, weekly, categories, country, channel, heatmap] = await Promise.all([
    analytics.query("kpis", { month, prev_month: prev }),
    analytics.query("weekly_revenue", { month }),
    analytics.query("category_sales", { month }),
    analytics.query("revenue_by_country", { month }),
    analytics.query("revenue_by_channel", { month }),
    analytics.query("heatmap", { month }),
  ]);
  const value = assembleKpis(month, prev, { kpis, weekly, categories, country, channel, heatmap },
    run ? { runId: run.id, finishedAt: run.publishedAt.toISOString() } : null);
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
