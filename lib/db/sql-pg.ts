import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { createReadStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { pgPoolConfig, type PgConnectionOptions } from "./pg-connection";
import { copyCsvStatement, type SqlExecutor, type SqlHandle } from "./sql";
import { createTxScope, outsideOnly } from "./tx-scope";

const OID = { int8: 20, date: 1082, timestamp: 1114 } as const;

/** Same JS types as PGlite returns, so code and tests behave alike on both drivers. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (format !== "binary") {
      if (oid === OID.int8) return (v: string) => Number(v);
      // Prisma stores DateTime as UTC in `timestamp(3)`; pg would read it in the process's zone.
      if (oid === OID.timestamp) return parseUtcTimestamp;
      if (oid === OID.date) return (v: string) => new Date(`${v}T00:00:00Z`);
    }
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig["getTypeParser"],
};

function parseUtcTimestamp(v: string): Date | string {
  if (v === "infinity" || v === "-infinity") return v;
  return new Date(`${v.replace(" ", "T")}Z`);
}

/**
 * One pool for Prisma's adapter and this handle; sessions in UTC like PGlite's. Idle connections close
 * after 10 s, so a database that pauses when nobody is connected (Aurora Serverless v2) can pause.
 */
export function createPgPool(connectionString: string, connection: PgConnectionOptions = {}): pg.Pool {
  const pool = new pg.Pool({ ...pgPoolConfig(connectionString, connection), types, options: "-c TimeZone=UTC", max: 10, idleTimeoutMillis: 10_000 });
  // An idle client losing its connection must not crash the process; the next checkout reconnects.
  pool.on("error", (err) => console.error("[db] idle PostgreSQL connection error:", err.message));
  return pool;
}

function executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async query<T extends object>(text: string, params: readonly unknown[] = []) {
      const r = await client.query<T & pg.QueryResultRow>(text, [...params]);
      return r.rows;
    },
    async exec(script: string) {
      // No parameters → simple protocol, which accepts several statements.
      await client.query(script);
    },
    async copyFromCsvFile(table, columns, csvPath) {
      const run = async (c: pg.PoolClient) => {
        const stream = c.query(copyFrom(copyCsvStatement(table, columns, "STDIN")));
        await pipeline(createReadStream(csvPath), stream);
        return stream.rowCount ?? 0;
      };
      return client instanceof pg.Pool ? withClient(client, run) : run(client);
    },
  };
}

/**
 * Checks a client out for `fn`. A checked-out client that loses its connection emits "error" (an
 * unhandled one would crash the process); it is then destroyed instead of going back to the pool.
 */
async function withClient<T>(
  pool: pg.Pool,
  fn: (c: pg.PoolClient, markBroken: (e: Error) => void) => Promise<T>,
): Promise<T> {
  const c = await pool.connect();
  let broken: Error | undefined;
  const onError = (e: Error) => {
    broken = e;
  };
  c.on("error", onError);
  try {
    return await fn(c, onError);
  } finally {
    c.off("error", onError);
    c.release(broken);
  }
}

export function pgSqlHandle(pool: pg.Pool, ownsPool: boolean): SqlHandle {
  const scope = createTxScope();
  const outer = executor(pool);
  return {
    kind: "pg",
    // A server reads files on its own machine only: data is streamed (COPY FROM STDIN).
    bulkLoadDir: null,
    ...outsideOnly(outer, scope),
    transaction(fn) {
      scope.assertOutside("transaction()");
      return withClient(pool, async (client, markBroken) => {
        await client.query("BEGIN");
        try {
          const result = await scope.run(() => fn(executor(client)));
          await client.query("COMMIT");
          return result;
        } catch (e) {
          // If the connection is gone ROLLBACK fails too, and the client must not go back to the pool.
          await client.query("ROLLBACK").catch(markBroken);
          throw e;
        }
      });
    },
    session(fn) {
      return withClient(pool, (client) => fn(executor(client)));
    },
    async close() {
      if (ownsPool && !pool.ended) await pool.end();
    },
  };
}
