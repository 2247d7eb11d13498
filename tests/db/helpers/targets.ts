import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { cp, mkdtemp, open, rename, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, inject } from "vitest";
import { createDb, setDb, type CreateDbOptions, type Db } from "@/lib/db/client";
import { readMigrations } from "@/lib/db/migrate";

/**
 * A temp DATA_DIR whose PGlite database is already created and migrated: a copy of a template, so
 * test files skip initdb. The caller removes the directory.
 */
export async function freshTestDataDir(): Promise<string> {
  // tests/global-setup.ts builds one per run; without it, a template cached across runs.
  const template = (inject("pgliteTemplate") as string | undefined) || (await pgliteTemplate(true));
  return copyOf(template);
}

/** A temp DATA_DIR with a just-initialised PGlite database: no migration applied yet. */
export async function emptyTestDataDir(): Promise<string> {
  return copyOf(await pgliteTemplate(false));
}

async function copyOf(template: string): Promise<string> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "shoplake-db-"));
  await cp(path.join(template, "pglite"), path.join(dataDir, "pglite"), { recursive: true });
  return dataDir;
}

/** Built once per PGlite version (and set of migrations), kept in the temp folder for later runs. */
async function pgliteTemplate(migrated: boolean): Promise<string> {
  const pkg = path.resolve(import.meta.dirname, "../../../node_modules/@electric-sql/pglite/package.json");
  const version = (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version;
  const key = createHash("sha256")
    .update(version)
    .update(migrated ? readMigrations().map((m) => `${m.name}:${m.checksum}`).join("\n") : "empty")
    .digest("hex")
    .slice(0, 16);
  const dir = path.join(os.tmpdir(), `shoplake-pglite-template-${key}`);
  const lock = `${dir}.lock`;
  for (;;) {
    if (existsSync(path.join(dir, "pglite", "PG_VERSION"))) return dir;
    let handle;
    try {
      handle = await open(lock, "wx");
    } catch {
      // Another worker is building it; take over a lock left by a crash (older than 5 minutes).
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 5 * 60_000) await rm(lock, { force: true });
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      const building = await mkdtemp(`${dir}.building-`);
      const db = await createDb({ dataDir: building, migrate: migrated });
      await db.close();
      await rm(path.join(building, "pglite.lock"), { force: true });
      await rename(building, dir).catch(async () => rm(building, { recursive: true, force: true }));
    } finally {
      await handle.close();
      await rm(lock, { force: true });
    }
  }
}

/** Where a test database lives: a fresh temp DATA_DIR (PGlite) or a fresh PostgreSQL database. */
export interface DbLocation {
  options: CreateDbOptions;
  /** PostgreSQL only: the URL of the fresh database. */
  url?: string;
  drop(): Promise<void>;
}

export interface DbTarget {
  name: "pglite" | "postgresql";
  /**
   * A new location with the migrations applied, or none with `fresh`. PGlite ones are copies of
   * templates (initdb takes tens of seconds on a busy 2-core machine, a copy about one); PostgreSQL
   * ones are new databases (`fresh` or not, migrations are applied when the app opens them).
   */
  create(opts?: { fresh?: boolean }): Promise<DbLocation>;
}

const pgliteTarget: DbTarget = {
  name: "pglite",
  async create(opts) {
    const dataDir = opts?.fresh ? await emptyTestDataDir() : await freshTestDataDir();
    return { options: { dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) };
  },
};

/** CREATE DATABASE test_<random> on the server of TEST_DATABASE_URL; dropped afterwards. */
export async function freshPgDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

const postgresTarget = (baseUrl: string): DbTarget => ({
  name: "postgresql",
  async create() {
    const { url, drop } = await freshPgDatabase(baseUrl);
    return { options: { databaseUrl: url }, url, drop };
  },
});

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set. */
export function dbTargets(): DbTarget[] {
  return TEST_DATABASE_URL ? [pgliteTarget, postgresTarget(TEST_DATABASE_URL)] : [pgliteTarget];
}

export interface DbSuite {
  target: DbTarget;
  /** The database of this suite, also installed as the process-wide one (getDb()). */
  db(): Db;
  location(): DbLocation;
}

/** Runs `body` once per target against a fresh, migrated database. */
export function describeEachDb(title: string, body: (suite: DbSuite) => void): void {
  for (const target of dbTargets()) {
    describe(`${title} [${target.name}]`, () => {
      let db: Db | undefined;
      let loc: DbLocation | undefined;
      beforeAll(async () => {
        loc = await target.create();
        db = await createDb(loc.options);
        setDb(db);
      });
      afterAll(async () => {
        setDb(null);
        await db?.close();
        await loc?.drop();
      });
      body({
        target,
        db: () => {
          if (!db) throw new Error("database not open yet");
          return db;
        },
        location: () => {
          if (!loc) throw new Error("database not created yet");
          return loc;
        },
      });
    });
  }
}

/**
 * A driver adapter for Prisma's schema engine on a database created by `target.create()` and
 * closed by the app (PGlite allows one open instance per directory).
 */
export async function engineAdapter(loc: DbLocation) {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const { PGlite } = await import("@electric-sql/pglite");
  if (loc.options.dataDir) {
    const pglite = new PGlite({ dataDir: path.join(loc.options.dataDir, "pglite") });
    return { adapter: new PrismaPGlite(pglite), close: () => pglite.close() };
  }
  return { adapter: new PrismaPg({ connectionString: loc.url! }), close: async () => {} };
}
