import { getDb } from "./client";

/** The newest run that finished with data (succeeded or partial) for a month: the dashboards' "data as of". */
export async function latestFinishedRunForMonth(month: string): Promise<{ id: string; startedAt: Date; endedAt: Date | null } | null> {
  const db = await getDb();
  return db.run.findFirst({
    where: { month, status: { in: ["succeeded", "partial"] } },
    orderBy: [{ endedAt: "desc" }, { startedAt: "desc" }],
    select: { id: true, startedAt: true, endedAt: true },
  });
}

/**
 * The newest run with data for any month from `month` on: a month's numbers read later months too (the
 * post-sale review share counts reviews that arrive in later months), so its cache keys on this as well.
 */
export async function latestFinishedRunFrom(month: string): Promise<{ id: string; endedAt: Date | null } | null> {
  const db = await getDb();
  return db.run.findFirst({
    where: { month: { gte: month }, status: { in: ["succeeded", "partial"] } },
    orderBy: [{ endedAt: "desc" }, { startedAt: "desc" }],
    select: { id: true, endedAt: true },
  });
}
