import { getDb, getSql } from "./client";

export interface PublishedRun {
  id: string;
  runName: string;
  /** When the month was published (job 3's transaction). */
  publishedAt: Date;
}

/**
 * The run whose data a month shows: the one job 3 named in `analytics.published_month` in the same
 * transaction that loaded the month (the dashboards' "data as of"). A held or failed run never is.
 */
export async function publishedRunForMonth(month: string): Promise<PublishedRun | null> {
  const sql = await getSql();
  let rows: { run_name: string; published_at: Date }[];
  try {
    rows = await sql.query<{ run_name: string; published_at: Date }>(`SELECT run_name, published_at FROM analytics.published_month WHERE month = $1`, [month]);
  } catch (e) {
    // Nothing was ever published: job 3 creates the table with the first month it loads.
    if ((e as { code?: string }).code === "42P01") return null;
    throw e;
  }
  const row = rows[0];
  if (!row) return null;
  const db = await getDb();
  const run = await db.run.findUnique({ where: { executionName: row.run_name }, select: { id: true } });
  return run ? { id: run.id, runName: row.run_name, publishedAt: row.published_at } : null;
}

/**
 * When any month from `month` on was last published: a month's numbers read later months too (the
 * post-sale review share counts reviews that arrive in later months), so its cache keys on this as well.
 */
export async function lastPublishFrom(month: string): Promise<Date | null> {
  const sql = await getSql();
  try {
    const [row] = await sql.query<{ at: Date | null }>(`SELECT max(published_at) AS at FROM analytics.published_month WHERE month >= $1`, [month]);
    return row?.at ?? null;
  } catch (e) {
    if ((e as { code?: string }).code === "42P01") return null;
    throw e;
  }
}
