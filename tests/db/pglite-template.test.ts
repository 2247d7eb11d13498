import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfig } from "@/lib/config";
import { createDb, type Db } from "@/lib/db/client";
import { defaultMigrationsDir, readMigrations } from "@/lib/db/migrate";
import { pgliteTemplate } from "@/lib/db/pglite-template";

// A new DATA_DIR starts from a migrated empty database kept in CACHE_DIR instead of running initdb.
let cache: string;
let root: string;
const saved = process.env.CACHE_DIR;

beforeAll(async () => {
  cache = await mkdtemp(path.join(os.tmpdir(), "shoplake-cache-"));
  root = await mkdtemp(path.join(os.tmpdir(), "shoplake-tpl-"));
  process.env.CACHE_DIR = cache;
  resetConfig();
});
afterAll(async () => {
  if (saved === undefined) delete process.env.CACHE_DIR;
  else process.env.CACHE_DIR = saved;
  resetConfig();
  await rm(cache, { recursive: true, force: true });
  await rm(root, { recursive: true, force: true });
});

const templates = () => readdirSync(cache).filter((f) => f.startsWith("pglite-") && f.endsWith(".tar"));

/** Opens a new database, checks it is whole and usable, closes it; returns what its open applied. */
async function openNew(name: string, opts: { dataDir?: string; migrationsDir?: string } = {}): Promise<string[]> {
  const db: Db = await createDb({ dataDir: opts.dataDir ?? path.join(root, name), ...(opts.migrationsDir ? { migrationsDir: opts.migrationsDir } : {}) });
  try {
    const recorded = await db.sql.query<{ migration_name: string }>(`SELECT migration_name FROM "_prisma_migrations" ORDER BY 1`);
    expect(recorded.map((r) => r.migration_name)).toEqual(readMigrations(opts.migrationsDir ?? defaultMigrationsDir()).map((m) => m.name));
    await db.prisma.user.create({ data: { email: `${name}@example.com`, passwordHash: "h", role: "client" } });
    // Nothing of another database comes with the template: only this one's user.
    expect((await db.prisma.user.findMany()).map((u) => u.email)).toEqual([`${name}@example.com`]);
    return db.migrations.applied;
  } finally {
    await db.close();
  }
}

describe("PGlite template for new databases", () => {
  it("the first new database is made from scratch and kept; the next starts from it with nothing to apply", async () => {
    const all = readMigrations().map((m) => m.name);
    expect(templates()).toEqual([]);
    expect(await openNew("first")).toEqual(all);
    expect(templates()).toHaveLength(1);
    expect(await openNew("second")).toEqual([]);
    expect(await openNew("in-memory", { dataDir: "memory://" })).toEqual([]);
    // An existing database is opened, not replaced by the template.
    const again = await createDb({ dataDir: path.join(root, "second") });
    try {
      expect((await again.prisma.user.findMany()).map((u) => u.email)).toEqual(["second@example.com"]);
    } finally {
      await again.close();
    }
  });

  it("a template that does not load is dropped and the database is made from scratch (and kept again)", async () => {
    const [file] = templates();
    await writeFile(path.join(cache, file!), "not a tarball");
    expect(await openNew("after-garbage")).toEqual(readMigrations().map((m) => m.name));
    expect(templates()).toEqual([file]);
    expect(await openNew("after-repair")).toEqual([]);
  });

  it("is keyed by the migrations: another set gets another file, and a test's own migrations never make one", async () => {
    const migrations = readMigrations();
    const a = pgliteTemplate(migrations)!;
    const b = pgliteTemplate([...migrations.slice(0, -1), { ...migrations.at(-1)!, checksum: "0".repeat(64) }])!;
    expect(a.file).not.toBe(b.file);
    expect(path.dirname(a.file)).toBe(path.resolve(cache));

    const before = templates();
    const own = await mkdtemp(path.join(root, "own-migrations-"));
    await writeFile(path.join(own, "migration_lock.toml"), 'provider = "postgresql"\n');
    const { mkdir } = await import("node:fs/promises");
    await mkdir(path.join(own, "20200101000000_only"));
    await writeFile(path.join(own, "20200101000000_only", "migration.sql"), `CREATE TABLE "User" (id TEXT PRIMARY KEY, email TEXT, "passwordHash" TEXT, role TEXT);`);
    const db = await createDb({ dataDir: path.join(root, "own"), migrationsDir: own });
    await db.close();
    expect(templates()).toEqual(before);
  });

  it("CACHE_DIR=off keeps nothing", async () => {
    process.env.CACHE_DIR = "off";
    resetConfig();
    try {
      expect(pgliteTemplate(readMigrations())).toBeNull();
      const dir = path.join(root, "off");
      await openNew("off", { dataDir: dir });
      expect(existsSync(path.join(dir, "pglite", "PG_VERSION"))).toBe(true);
    } finally {
      process.env.CACHE_DIR = cache;
      resetConfig();
    }
  });
});
