import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { createDb, setDb, type CreateDbOptions, type Db } from "@/lib/db/client";

/** Where a test database lives: a fresh temp DATA_DIR (PGlite) or a fresh PostgreSQL database. */
export interface DbLocation {
  options: CreateDbOptions;
  /** PostgreSQL only: the URL of the fresh database. */
  url?: string;
  drop(): Promise<void>;
}

export interface DbTarget {
  name: "pglite" | "postgresql";
  create(): Promise<DbLocation>;
}

const pgliteTarget: DbTarget = {
  name: "pglite",
  async create() {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "shoplake-db-"));
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
