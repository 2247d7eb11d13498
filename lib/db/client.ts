// No "server-only" guard: the portal's server opens the database before Next loads (scripts/serve.ts).
import { config } from "../config";
import { PrismaClient } from "./generated/client";
import { applyMigrations, defaultMigrationsDir, readMigrations, type MigrateResult } from "./migrate";
import type { PgConnectionOptions } from "./pg-connection";
import { openPglite } from "./open-pglite";
import { pgliteTemplate } from "./pglite-template";
import type { SqlHandle } from "./sql";

export type { PrismaClient };
export type { SqlExecutor, SqlHandle, SqlRow } from "./sql";

export interface Db {
  readonly kind: "pglite" | "pg";
  readonly prisma: PrismaClient;
  /** Raw SQL over the same database (bulk loads, analytics schema, catalog). */
  readonly sql: SqlHandle;
  /** Migrations applied when this instance opened. */
  readonly migrations: MigrateResult;
  close(): Promise<void>;
}

export interface CreateDbOptions {
  /** PGlite under `<dataDir>/pglite` ("memory://" for a throw-away one). Wins over databaseUrl. */
  dataDir?: string;
  /** PostgreSQL server; used when dataDir is not given. */
  databaseUrl?: string;
  /** Login and TLS for databaseUrl (from DATABASE_AUTH, DATABASE_CA, AWS_REGION by default). */
  connection?: PgConnectionOptions;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  migrationsDir?: string;
}

/**
 * Opens a database: explicit options first, else config() (DATABASE_URL → PostgreSQL, otherwise
 * PGlite under DATA_DIR). Applies pending migrations. Tests use it for isolated instances.
 */
export async function createDb(opts: CreateDbOptions = {}): Promise<Db> {
  const { dataDir, databaseUrl, connection } =
    opts.dataDir !== undefined || opts.databaseUrl !== undefined ? opts : fromConfig();
  // Only the app's own migrations make a template: a test's own set would fill the cache with strangers.
  const migrationList = opts.migrate === false ? [] : readMigrations(opts.migrationsDir ?? defaultMigrationsDir());
  const template = dataDir !== undefined && opts.migrate !== false && !opts.migrationsDir ? pgliteTemplate(migrationList) : null;
  // pg, its RDS signer and the AWS credential chain load only for a server (≈ 0.2 s of every embedded start).
  const driver = dataDir !== undefined ? await openPglite(dataDir, template) : (await import("./open-pg")).openPg(databaseUrl!, connection);
  try {
    const migrations =
      opts.migrate === false
        ? { applied: [] }
        : await applyMigrations(driver.sql, {
            migrations: migrationList, // read once: the template's key and the migrations applied are the same files
            log: (m) => console.error(`[db] ${m}`), // stderr: CLIs keep stdout for their output
          });
    if (driver.keepAsTemplate && template && migrations.applied.length === template.migrations.length) await driver.keepAsTemplate();
    const prisma = new PrismaClient({ adapter: driver.adapter });
    let closing: Promise<void> | undefined;
    return {
      kind: driver.sql.kind,
      prisma,
      sql: driver.sql,
      migrations,
      close() {
        closing ??= (async () => {
          try {
            await prisma.$disconnect();
          } finally {
            await driver.close();
          }
        })();
        return closing;
      },
    };
  } catch (e) {
    await driver.close().catch(() => {});
    throw e;
  }
}

function fromConfig(): { dataDir?: string; databaseUrl?: string; connection?: PgConnectionOptions } {
  const c = config();
  if (!c.DATABASE_URL) return { dataDir: c.DATA_DIR };
  return { databaseUrl: c.DATABASE_URL, connection: { auth: c.DATABASE_AUTH, ca: c.DATABASE_CA, region: c.AWS_REGION } };
}

// Cached on globalThis so Next's dev hot reload keeps one database (PGlite cannot be opened twice).
const holder = globalThis as typeof globalThis & { __shoplakeDb?: Promise<Db> };

/** The process-wide database, opened (and migrated) on first use. */
export function openDb(): Promise<Db> {
  if (!holder.__shoplakeDb) {
    const opening = createDb();
    holder.__shoplakeDb = opening;
    // A failed open is not cached: the next call tries again.
    opening.catch(() => {
      if (holder.__shoplakeDb === opening) holder.__shoplakeDb = undefined;
    });
  }
  return holder.__shoplakeDb;
}

export async function getDb(): Promise<PrismaClient> {
  return (await openDb()).prisma;
}

export async function getSql(): Promise<SqlHandle> {
  return (await openDb()).sql;
}

/** Makes `db` the process-wide database (tests with isolated instances); null forgets it without closing. */
export function setDb(db: Db | null): void {
  holder.__shoplakeDb = db ? Promise.resolve(db) : undefined;
}

/** Closes the process-wide database (CLIs at exit, tests). */
export async function closeDb(): Promise<void> {
  const opening = holder.__shoplakeDb;
  holder.__shoplakeDb = undefined;
  if (!opening) return;
  const db = await opening.catch(() => undefined);
  await db?.close();
}
