import { lastPublishFrom } from "../db/run-lookups";

/**
 * Memoises an analytics call per argument list and the last publish of any month (a range's cohorts
 * read every month up to `to`, so any publish may change it). Job 3 stamps each publish in the
 * database, so a run published by any process makes every entry stale. The promise is kept, so two
 * requests for the same view at once run its queries once; a failure is not kept.
 */
export function cachedUntilPublish<A extends unknown[], R>(size: number, fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  const entries = new Map<string, Promise<R>>();
  return async (...args: A) => {
    const at = await lastPublishFrom("0000-01");
    const key = JSON.stringify([at?.toISOString() ?? null, args]);
    const hit = entries.get(key);
    if (hit) {
      // Refreshed as most recently used: the oldest entry is the one dropped.
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    }
    const value = fn(...args);
    entries.set(key, value);
    value.catch(() => entries.delete(key));
    while (entries.size > size) entries.delete(entries.keys().next().value!);
    return value;
  };
}
