import { cp, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { defaultMigrationsDir, migrationChecksum, readMigrations } from "@/lib/db/migrate";
import { migrationList, NO_FILTER, openSchemaEngine } from "@/lib/db/tools/schema-engine";
import { dbTargets, engineAdapter } from "./helpers/targets";

const MIGRATIONS = readMigrations();
const NAMES = MIGRATIONS.map((m) => m.name);

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
  logs: string | null;
}

describe("migration files", () => {
  it("are committed with a lock file for PostgreSQL and named <timestamp>_<name>", async () => {
    const dir = defaultMigrationsDir();
    expect(await readdir(dir)).toContain("migration_lock.toml");
    expect(NAMES.length).toBeGreaterThanOrEqual(2);
    for (const n of NAMES) expect(n).toMatch(/^\d{14}_[a-z0-9_]+$/);
    expect(NAMES.some((n) => n.endsWith("_init"))).toBe(true);
  });
});

for (const target of dbTargets()) {
  describe(`migrations [${target.name}]`, () => {
    it("apply on a fresh database, are recorded like migrate deploy does, and a second start applies nothing", async () => {
      const loc = await target.create({ fresh: true });
      try {
        const first = await createDb(loc.options);
        expect(first.migrations.applied).toEqual(NAMES);
        const rows = await first.sql.query<MigrationRow>(`SELECT * FROM "_prisma_migrations" ORDER BY "started_at"`);
        await first.close();

        expect(rows.map((r) => r.migration_name)).toEqual(NAMES);
        for (const [i, r] of rows.entries()) {
          expect(r.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
          expect(r.checksum).toBe(MIGRATIONS[i]!.checksum);
          expect(r.finished_at).toBeInstanceOf(Date);
          expect(r.finished_at!.getTime()).toBeGreaterThanOrEqual(r.started_at.getTime());
          expect(r.rolled_back_at).toBeNull();
          expect(r.logs).toBeNull();
          expect(r.applied_steps_count).toBe(1);
        }

        const second = await createDb(loc.options);
        try {
          expect(second.migrations.applied).toEqual([]);
          const [{ n }] = (await second.sql.query<{ n: number }>(`SELECT count(*) AS n FROM "_prisma_migrations"`)) as [{ n: number }];
          expect(n).toBe(NAMES.length);
        } finally {
          await second.close();
        }

        // Prisma's own `migrate deploy` and `migrate status` logic (the schema engine) agree: nothing pending.
        const { adapter, close } = await engineAdapter(loc);
        try {
          const engine = await openSchemaEngine(adapter);
          const history = await engine.diagnoseMigrationHistory({
            migrationsList: migrationList(),
            optInToShadowDatabase: false,
            filters: NO_FILTER,
          });
          expect(history).toMatchObject({ history: null, failedMigrationNames: [], editedMigrationNames: [], hasMigrationsTable: true });
          const deploy = await engine.applyMigrations({ migrationsList: migrationList(), filters: NO_FILTER });
          expect(deploy.appliedMigrationNames).toEqual([]);
        } finally {
          await close();
        }
      } finally {
        await loc.drop();
      }
    });

    it("a database migrated by Prisma's migrate deploy is seen as up to date, with the same checksums", async () => {
      const loc = await target.create({ fresh: true });
      try {
        // Let the app create the (empty) database files, then hand it to the engine before any migration.
        await (await createDb({ ...loc.options, migrate: false })).close();
        const { adapter, close } = await engineAdapter(loc);
        try {
          const engine = await openSchemaEngine(adapter);
          const deploy = await engine.applyMigrations({ migrationsList: migrationList(), filters: NO_FILTER });
          expect(deploy.appliedMigrationNames).toEqual(NAMES);
        } finally {
          await close();
        }
        const db = await createDb(loc.options);
        try {
          expect(db.migrations.applied).toEqual([]);
          const rows = await db.sql.query<MigrationRow>(`SELECT * FROM "_prisma_migrations" ORDER BY "started_at"`);
          expect(rows.map((r) => r.checksum)).toEqual(MIGRATIONS.map((m) => m.checksum));
          expect(rows.map((r) => r.applied_steps_count)).toEqual(NAMES.map(() => 1));
        } finally {
          await db.close();
        }
      } finally {
        await loc.drop();
      }
    });

    it("a failing migration is recorded with its error and nothing of it kept; once fixed, the next start applies it", async () => {
      const loc = await target.create({ fresh: true });
      const dir = await mkdtemp(path.join(os.tmpdir(), "shoplake-migrations-"));
      try {
        await cp(defaultMigrationsDir(), dir, { recursive: true });
        const broken = "99990101000000_broken";
        await cp(path.join(dir, NAMES[0]!), path.join(dir, broken), { recursive: true });
        // The first statement would succeed; the second fails, so the whole script must roll back.
        await writeFile(path.join(dir, broken, "migration.sql"), `CREATE TABLE "Half" ("id" TEXT);\nSELECT * FROM "NoSuchTable";\n`);

        await expect(createDb({ ...loc.options, migrationsDir: dir })).rejects.toThrow(/99990101000000_broken failed: .*NoSuchTable/);

        const fixed = `CREATE TABLE "Half" ("id" TEXT);\n`;
        await writeFile(path.join(dir, broken, "migration.sql"), fixed);
        const db = await createDb({ ...loc.options, migrationsDir: dir });
        try {
          expect(db.migrations.applied).toEqual([broken]);
          const rows = await db.sql.query<MigrationRow>(
            `SELECT * FROM "_prisma_migrations" WHERE "migration_name" = $1 ORDER BY "started_at"`,
            [broken],
          );
          expect(rows).toHaveLength(2);
          const [failed, ok] = rows as [MigrationRow, MigrationRow];
          expect(failed.finished_at).toBeNull();
          expect(failed.logs).toMatch(/NoSuchTable/);
          expect(failed.rolled_back_at).toBeInstanceOf(Date);
          expect(failed.applied_steps_count).toBe(0);
          expect(ok.finished_at).toBeInstanceOf(Date);
          expect(ok.checksum).toBe(migrationChecksum(fixed));
          expect(await db.sql.query(`SELECT * FROM "Half"`)).toEqual([]);
        } finally {
          await db.close();
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
        await loc.drop();
      }
    });

    if (target.name === "postgresql") {
      it("two processes starting at once on one server apply each migration once (advisory lock)", async () => {
        const loc = await target.create();
        try {
          const dbs = await Promise.all([createDb(loc.options), createDb(loc.options), createDb(loc.options)]);
          try {
            const applied = dbs.map((d) => d.migrations.applied);
            expect(applied.flat().sort()).toEqual([...NAMES].sort());
            const rows = await dbs[0]!.sql.query<{ migration_name: string }>(`SELECT "migration_name" FROM "_prisma_migrations"`);
            expect(rows.map((r) => r.migration_name).sort()).toEqual([...NAMES].sort());
          } finally {
            await Promise.all(dbs.map((d) => d.close()));
          }
        } finally {
          await loc.drop();
        }
      });
    } else {
      it("refuses to open a PGlite directory another instance holds, with a clear message", async () => {
        const loc = await target.create();
        try {
          const db = await createDb(loc.options);
          try {
            await expect(createDb(loc.options)).rejects.toThrow(/open in this process already; PGlite allows one process at a time/);
          } finally {
            await db.close();
          }
          // Released on close: it opens again.
          await (await createDb(loc.options)).close();
        } finally {
          await loc.drop();
        }
      });
    }
  });
}
