import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { lockDataDir } from "./data-dir-lock";
import { pgliteSqlHandle } from "./sql-pglite";
import type { OpenedDriver } from "./sql";
import { createTxScope, type TxScope } from "./tx-scope";

/**
 * How long a Prisma call may wait behind a raw transaction before we say it may be a deadlock. Long
 * enough for job 3's bulk load at scale 10 (log flushes legitimately queue behind it).
 */
const STUCK_WARNING_MS = 60_000;

/** Opens (creating if needed) the embedded database at `<dataDir>/pglite`, or in memory for "memory://". */
export async function openPglite(dataDir: string): Promise<OpenedDriver<PrismaPGlite>> {
  let release = () => {};
  let target: string;
  if (dataDir.startsWith("memory://")) {
    target = dataDir;
  } else {
    const root = path.resolve(dataDir);
    target = path.join(root, "pglite");
    mkdirSync(target, { recursive: true });
    release = lockDataDir(path.join(root, "pglite.lock"), target);
  }
  try {
    const pg = await PGlite.create({ dataDir: target });
    const scope = createTxScope();
    const sql = pgliteSqlHandle(pg, scope);
    const adapter = new PrismaPGlite(watchPrismaCalls(pg, scope));
    return {
      adapter,
      sql,
      async close() {
        try {
          await sql.close();
        } finally {
          release();
        }
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

/**
 * Prisma and the raw handle share PGlite's single connection. A Prisma call made while a raw
 * transaction is open simply queues behind it — unless the transaction itself awaits that call,
 * which never returns. We cannot tell the two apart, so a call that waits too long says so.
 */
function watchPrismaCalls(pg: PGlite, scope: TxScope): PGlite {
  return new Proxy(pg, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (prop !== "query" && prop !== "exec" && prop !== "transaction") return fn.bind(target);
      return (...args: unknown[]) => {
        const result = fn.apply(target, args);
        if (scope.inside() && result instanceof Promise) warnIfStuck(result);
        return result;
      };
    },
  });
}

function warnIfStuck(p: Promise<unknown>): void {
  let settled = false;
  const done = () => {
    settled = true;
  };
  p.then(done, done);
  setTimeout(() => {
    if (!settled) {
      console.warn(
        `[db] a Prisma query has waited ${STUCK_WARNING_MS / 1000} s behind a raw sql.transaction() on PGlite. ` +
          "If the transaction awaits that query it will never finish: inside sql.transaction() use only tx.",
      );
    }
  }, STUCK_WARNING_MS).unref();
}
