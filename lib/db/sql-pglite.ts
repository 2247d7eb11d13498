import type { PGlite, Transaction } from "@electric-sql/pglite";
import { openAsBlob } from "node:fs";
import { copyCsvStatement, type SqlExecutor, type SqlHandle } from "./sql";
import { createTxScope, outsideOnly, type TxScope } from "./tx-scope";

type PGliteQueryable = Pick<PGlite, "query" | "exec"> | Transaction;

function executor(conn: PGliteQueryable): SqlExecutor {
  return {
    async query<T extends object>(text: string, params: readonly unknown[] = []) {
      const r = await conn.query<T>(text, [...params]);
      return r.rows;
    },
    async exec(script: string) {
      await conn.exec(script);
    },
    async copyFromCsvFile(table, columns, csvPath) {
      // PGlite reads COPY input from its virtual /dev/blob device, fed from a lazily read file Blob.
      const blob = await openAsBlob(csvPath);
      const r = await conn.query(copyCsvStatement(table, columns, "'/dev/blob'"), [], { blob });
      return r.affectedRows ?? 0;
    },
  };
}

/**
 * The raw handle over the one PGlite instance that Prisma also uses. PGlite serialises every
 * statement and transaction on its own mutexes, so Prisma and this handle interleave safely.
 */
export function pgliteSqlHandle(pg: PGlite, scope: TxScope = createTxScope()): SqlHandle {
  const outer = executor(pg);
  return {
    kind: "pglite",
    ...outsideOnly(outer, scope),
    transaction(fn) {
      scope.assertOutside("transaction()");
      return pg.transaction((tx) => scope.run(() => fn(executor(tx))));
    },
    session(fn) {
      return fn(this);
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
  };
}
