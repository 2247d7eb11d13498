import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { config } from "../config";
import { AppError } from "../errors";
import { lockDataDir } from "./data-dir-lock";
import { dropTemplate, readTemplate, saveTemplate, type PgliteTemplate } from "./pglite-template";
import { pgliteSqlHandle } from "./sql-pglite";
import type { OpenedDriver } from "./sql";
import { createTxScope, type TxScope } from "./tx-scope";

/**
 * How long a Prisma call may wait behind a raw transaction before we say it may be a deadlock. Long
 * enough for job 3's bulk load at scale 10 (log flushes legitimately queue behind it).
 */
const STUCK_WARNING_MS = 60_000;

/**
 * Opens (creating if needed) the embedded database at `<dataDir>/pglite`, or in memory for "memory://".
 * A new one starts from `template` when there is one; else, created from scratch, it can become it.
 */
export async function openPglite(dataDir: string, template: PgliteTemplate | null = null): Promise<OpenedDriver<PrismaPGlite>> {
  let release = () => {};
  let target: string;
  if (dataDir.startsWith("memory://")) {
    target = dataDir;
  } else {
    const root = path.resolve(dataDir);
    target = path.join(root, "pglite");
    // Said plainly: mkdir's ENOTDIR came out as a stack trace.
    if (existsSync(root) && !statSync(root).isDirectory()) throw new AppError(400, "data_dir_not_a_folder", `DATA_DIR ${root} is a file, not a folder`);
    mkdirSync(target, { recursive: true });
    release = lockDataDir(path.join(root, "pglite.lock"), target);
  }
  try {
    const { pg, fromScratch } = await createOrOpen(target, template);
    const scope = createTxScope();
    const sql = pgliteSqlHandle(pg, scope);
    const adapter = new PrismaPGlite(watchPrismaCalls(pg, scope));
    return {
      adapter,
      sql,
      ...(fromScratch && template ? { keepAsTemplate: () => saveTemplate(template, pg) } : {}),
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

/** Whether the database is new and made from scratch (initdb), else opened or loaded from the template. */
async function createOrOpen(target: string, template: PgliteTemplate | null): Promise<{ pg: PGlite; fromScratch: boolean }> {
  const isNew = target.startsWith("memory://") || !existsSync(path.join(target, "PG_VERSION"));
  const tarball = isNew && template ? await readTemplate(template) : null;
  if (tarball) {
    try {
      return { pg: await PGlite.create({ dataDir: target, loadDataDir: tarball, ...startOptions() }), fromScratch: false };
    } catch (e) {
      console.error(`[db] the template database did not load (${(e as Error).message}); creating this one from scratch`);
      await dropTemplate(template!);
      if (!target.startsWith("memory://")) for (const f of readdirSync(target)) rmSync(path.join(target, f), { recursive: true, force: true });
    }
  }
  return { pg: await PGlite.create({ dataDir: target, ...startOptions() }), fromScratch: isNew };
}

/** PGlite's own start parameters, and the buffer pool of our setting (see PGLITE_SHARED_BUFFERS). */
function startOptions(): { startParams: string[] } {
  return { startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${config().PGLITE_SHARED_BUFFERS}`] };
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
