import { PGlite, type Transaction } from "@electric-sql/pglite";
import { openAsBlob } from "node:fs";
import path from "node:path";
import { copyCsvStatement, type SqlExecutor, type SqlHandle } from "./sql";
import { createTxScope, outsideOnly, type TxScope } from "./tx-scope";

type PGliteQueryable = Pick<PGlite, "query" | "exec"> | Transaction;

/** The folder of the data directory that bulk loads are staged in (see SqlHandle.bulkLoadDir). */
const BULK_LOAD_FOLDER = "shoplake_bulk_load";

function executor(conn: PGliteQueryable, bulkLoadDir: string | null): SqlExecutor {
  return {
    async query<T extends object>(text: string, params: readonly unknown[] = []) {
      const r = await conn.query<T>(text, [...params]);
      return r.rows;
    },
    async exec(script: string) {
      await conn.exec(script);
    },
    async copyFromCsvFile(table, columns, csvPath) {
      const rel = bulkLoadDir ? path.relative(bulkLoadDir, csvPath) : "..";
      if (!rel.startsWith("..") && !path.isAbsolute(rel)) {
        // Inside the data directory: PGlite's file system reads the file into its memory itself.
        const file = path.posix.join(PGlite.paths.PGDATA, BULK_LOAD_FOLDER, ...rel.split(path.sep));
        const r = await conn.query(copyCsvStatement(table, columns, `'${file.replaceAll("'", "''")}'`));
        return r.affectedRows ?? 0;
      }
      // Elsewhere: its virtual /dev/blob device, fed from a lazily read file Blob.
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
  // A data directory on disk is mounted as PGDATA; an in-memory one has no host folder.
  const bulkLoadDir = pg.dataDir && !pg.dataDir.includes("://") ? path.join(path.resolve(pg.dataDir), BULK_LOAD_FOLDER) : null;
  const outer = executor(pg, bulkLoadDir);
  return {
    kind: "pglite",
    bulkLoadDir,
    ...outsideOnly(outer, scope),
    transaction(fn) {
      scope.assertOutside("transaction()");
      return pg.transaction((tx) => scope.run(() => fn(executor(tx, bulkLoadDir))));
    },
    session(fn) {
      return fn(this);
    },
    async close() {
      if (!pg.closed) await pg.close();
    },
  };
}
