import { PrismaPg } from "@prisma/adapter-pg";
import type { OpenedDriver } from "./sql";
import { createPgPool, pgSqlHandle } from "./sql-pg";

/** PostgreSQL through one pg pool shared by Prisma's adapter and the raw handle. */
export function openPg(databaseUrl: string): OpenedDriver<PrismaPg> {
  const pool = createPgPool(databaseUrl);
  const sql = pgSqlHandle(pool, true);
  return { adapter: new PrismaPg(pool), sql, close: () => sql.close() };
}
