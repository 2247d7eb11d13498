import path from "node:path";
import { describe, expect, it } from "vitest";
import { NO_FILTER, openSchemaEngine, schemaFiles } from "@/lib/db/tools/schema-engine";
import { actualShape, diffShapes, expectedShape, loadDmmf } from "./helpers/schema-shape";
import { createDb } from "@/lib/db/client";
import { dbTargets, describeEachDb, engineAdapter } from "./helpers/targets";

const SCHEMA = path.resolve(import.meta.dirname, "../../prisma/schema.prisma");
const expected = expectedShape(loadDmmf(SCHEMA));

/** Rolls back whatever `fn` did (PostgreSQL DDL is transactional). */
class Rollback extends Error {}

describe("expected shape from the DMMF", () => {
  it("covers every model of schema.prisma, with its scalar fields", () => {
    const dmmf = loadDmmf(SCHEMA);
    expect(Object.keys(expected.tables).sort()).toEqual(dmmf.datamodel.models.map((m) => m.name).sort());
    for (const m of dmmf.datamodel.models) {
      const scalar = m.fields.filter((f) => f.kind !== "object").map((f) => f.name);
      expect(Object.keys(expected.tables[m.name]!.columns)).toEqual(scalar);
    }
    expect(Object.keys(expected.enums).length).toBe(dmmf.datamodel.enums.length);
  });
});

describeEachDb("database schema after migrations", ({ db }) => {
  it("matches schema.prisma: tables, columns, types, nullability, defaults, enums, keys, indexes, foreign keys", async () => {
    const actual = await actualShape(db().sql);
    expect(diffShapes(expected, actual)).toEqual([]);
  });

  it("the comparison fails on an extra column, a wrong type, a missing index or a changed enum", async () => {
    const cases: [string, RegExp][] = [
      [`ALTER TABLE "User" ADD COLUMN "nickname" TEXT`, /column User\.nickname: expected undefined/],
      [`ALTER TABLE "Run" DROP COLUMN "error"`, /column Run\.error: expected .* found undefined/],
      [`ALTER TABLE "Run" ALTER COLUMN "durationMs" TYPE BIGINT`, /column Run\.durationMs: expected \{"type":"integer"/],
      [`ALTER TABLE "UploadBatch" ALTER COLUMN "month" DROP NOT NULL`, /column UploadBatch\.month/],
      [`ALTER TABLE "UploadBatch" ALTER COLUMN "source" SET DEFAULT 'cli'`, /column UploadBatch\.source/],
      [`DROP INDEX "Run_status_idx"`, /index Run_status_idx/],
      [`ALTER TYPE "Role" ADD VALUE 'auditor'`, /enum Role/],
      [`ALTER TABLE "RunStep" DROP CONSTRAINT "RunStep_runId_fkey"`, /foreign key RunStep_runId_fkey/],
      [`CREATE TABLE "Stray" ("id" TEXT PRIMARY KEY)`, /table Stray: not in schema\.prisma/],
    ];
    for (const [ddl, message] of cases) {
      let diffs: string[] = [];
      await db()
        .sql.transaction(async (tx) => {
          await tx.exec(ddl);
          diffs = diffShapes(expected, await actualShape(tx));
          throw new Rollback();
        })
        .catch((e: unknown) => {
          if (!(e instanceof Rollback)) throw e;
        });
      expect(diffs.join("\n"), ddl).toMatch(message);
    }
    // …and everything was rolled back.
    expect(diffShapes(expected, await actualShape(db().sql))).toEqual([]);
  });

  it("creates the empty analytics schema for job 3", async () => {
    const rows = await db().sql.query<{ n: number }>(
      `SELECT count(*) AS n FROM information_schema.schemata WHERE schema_name = 'analytics'`,
    );
    expect(rows[0]?.n).toBe(1);
  });
});

// PGlite only: introspection reads catalog columns of PostgreSQL's internal "char" type, which
// @prisma/adapter-pg cannot carry ("Column type 'char' could not be deserialized"); on PostgreSQL the
// DMMF comparison above is the check (and migrations.test.ts runs the engine's deploy/status there).
for (const target of dbTargets().filter((t) => t.name === "pglite")) {
  describe(`Prisma's schema engine on a migrated database [${target.name}]`, () => {
    it("finds no difference between the database and schema.prisma (migrate diff --from-config-datasource)", async () => {
      const loc = await target.create();
      try {
        await (await createDb(loc.options)).close();
        const { adapter, close } = await engineAdapter(loc);
        try {
          const engine = await openSchemaEngine(adapter);
          const diff = (files: { path: string; content: string }[]) =>
            engine.diff({
              from: { tag: "schemaDatasource", files: schemaFiles(SCHEMA), configDir: path.dirname(SCHEMA) },
              to: { tag: "schemaDatamodel", files },
              script: true,
              exitCode: true,
              filters: NO_FILTER,
            });
          const same = await diff(schemaFiles(SCHEMA));
          expect(same.stdout?.trim()).toBe("-- This is an empty migration.");
          expect(same.exitCode).toBe(0);
          // The check can fail: a schema with one more field is a difference.
          const changed = schemaFiles(SCHEMA).map((f) => ({ ...f, content: f.content.replace(/(model User \{)/, "$1\n  nickname String?") }));
          const other = await diff(changed);
          expect(other.exitCode).toBe(2);
          expect(other.stdout).toContain(`ALTER TABLE "User" ADD COLUMN`);
        } finally {
          await close();
        }
      } finally {
        await loc.drop();
      }
    });
  });
}
