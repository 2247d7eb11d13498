import { PrismaPg } from "@prisma/adapter-pg";
import type { OpenedDriver } from "./sql";
import type { PgConnectionOptions } from "./pg-connection";
import { createPgPool, pgSqlHandle } from "./sql-pg";

/** PostgreSQL through one pg pool shared by Prisma's adapter and the raw handle. */
export function openPg(databaseUrl: string, connection: PgConnectionOptions = {}): OpenedDriver<PrismaPg> {
  const pool = createPgPool(databaseUrl, connection);
  const sql = pgSqlHandle(pool, true);
  return { adapter: new PrismaPg(pool), sql, close: () => sql.close() };
}
