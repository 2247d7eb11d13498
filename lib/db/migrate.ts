import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SqlExecutor, SqlHandle } from "./sql";

/**
 * Applies prisma/migrations at start-up and records them in `_prisma_migrations` the way
 * `prisma migrate deploy` does (same table, uuid ids, sha256 checksums, step counts), so a
 * connected machine can run `prisma migrate deploy` on the same database and find nothing pending.
 * (The schema-engine binary behind `migrate deploy` cannot be downloaded on our build machines.)
 */

export interface Migration {
  name: string;
  script: string;
  checksum: string;
}

export interface MigrateResult {
  applied: string[];
}

/** Prisma's own lock key (schema-engine), so this applier and `prisma migrate deploy` exclude each other. */
const PRISMA_ADVISORY_LOCK_KEY = 72707369;

/** The DDL schema-engine uses for its bookkeeping table on PostgreSQL. */
const MIGRATIONS_TABLE_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** prisma/migrations, found next to this file (tsx, vitest) or under the working directory (Next bundles). */
export function defaultMigrationsDir(): string {
  const candidates = [
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../prisma/migrations"),
    path.resolve(process.cwd(), "prisma/migrations"),
  ];
  const found = candidates.find((d) => existsSync(path.join(d, "migration_lock.toml")));
  if (!found) throw new Error(`prisma/migrations not found (looked in ${candidates.join(", ")})`);
  return found;
}

export function migrationChecksum(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

/** Migration folders in name order, as Prisma reads them. */
export function readMigrations(dir: string = defaultMigrationsDir()): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const script = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, script, checksum: migrationChecksum(script) };
    });
}

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export async function applyMigrations(
  sql: SqlHandle,
  opts: { dir?: string; migrations?: Migration[]; log?: (message: string) => void } = {},
): Promise<MigrateResult> {
  const migrations = opts.migrations ?? readMigrations(opts.dir);
  const log = opts.log ?? (() => {});
  // A session-level advisory lock on one connection: two processes starting at once on the same
  // PostgreSQL server apply each migration once. PGlite is single-connection and in-process.
  return sql.session(async (conn) => {
    if (sql.kind === "pg") await conn.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK_KEY]);
    try {
      return await applyPending(conn, migrations, log);
    } finally {
      if (sql.kind === "pg") await conn.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK_KEY]);
    }
  });
}

async function applyPending(
  conn: SqlExecutor,
  migrations: Migration[],
  log: (message: string) => void,
): Promise<MigrateResult> {
  await conn.exec(MIGRATIONS_TABLE_DDL);
  const rows = await conn.query<MigrationRow>(
    `SELECT "id", "checksum", "migration_name", "finished_at", "rolled_back_at"
       FROM "_prisma_migrations" ORDER BY "started_at"`,
  );

  // A failed attempt left a row without finished_at. `migrate deploy` stops there until someone runs
  // `migrate resolve`; each script here ran as one implicit transaction (PostgreSQL DDL is
  // transactional), so nothing of it was kept: mark it rolled back, as `resolve --rolled-back` does, and retry.
  for (const r of rows) {
    if (r.finished_at === null && r.rolled_back_at === null) {
      log(`migration ${r.migration_name} had failed before; marking it rolled back and retrying`);
      await conn.query(`UPDATE "_prisma_migrations" SET "rolled_back_at" = now() WHERE "id" = $1`, [r.id]);
    }
  }

  const done = new Map(
    rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => [r.migration_name, r]),
  );
  const applied: string[] = [];
  for (const m of migrations) {
    const row = done.get(m.name);
    if (row) {
      if (row.checksum !== m.checksum) log(`migration ${m.name} was modified after it was applied (checksum differs)`);
      continue;
    }
    const id = randomUUID();
    await conn.query(
      `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "applied_steps_count")
       VALUES ($1, $2, $3, now(), 0)`,
      [id, m.checksum, m.name],
    );
    try {
      await conn.exec(m.script);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await conn.query(`UPDATE "_prisma_migrations" SET "logs" = $2 WHERE "id" = $1`, [id, message]);
      throw new Error(`Migration ${m.name} failed: ${message}`, { cause: e });
    }
    await conn.query(
      `UPDATE "_prisma_migrations" SET "applied_steps_count" = "applied_steps_count" + 1 WHERE "id" = $1`,
      [id],
    );
    await conn.query(`UPDATE "_prisma_migrations" SET "finished_at" = now() WHERE "id" = $1`, [id]);
    log(`applied migration ${m.name}`);
    applied.push(m.name);
  }
  return { applied };
}
