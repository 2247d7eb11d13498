// Creates the next migration offline, as `prisma migrate dev --create-only` would:
//   npx tsx --conditions=react-server lib/db/tools/migrate-diff.ts --name add_something [--print]
// The engine replays prisma/migrations on a throw-away PGlite (its "shadow database") and diffs it
// against prisma/schema.prisma with Prisma's own SQL generator.
import { PGlite } from "@electric-sql/pglite";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defaultMigrationsDir } from "../migrate";
import { migrationList, NO_FILTER, openSchemaEngine, schemaFiles } from "./schema-engine";

const { values } = parseArgs({
  options: { name: { type: "string" }, print: { type: "boolean" }, schema: { type: "string" } },
});
const dir = defaultMigrationsDir();
const schemaPath = values.schema ?? path.resolve(dir, "../schema.prisma");
if (!values.print && !/^[a-z0-9_]+$/.test(values.name ?? "")) {
  console.error("usage: migrate-diff.ts --name snake_case_name | --print");
  process.exit(2);
}

const pg = new PGlite();
const engine = await openSchemaEngine(new PrismaPGlite(pg));
const { stdout, exitCode } = await engine.diff({
  from: { tag: "migrations", ...migrationList(dir) },
  to: { tag: "schemaDatamodel", files: schemaFiles(schemaPath) },
  script: true,
  exitCode: true,
  filters: NO_FILTER,
});
await pg.close();

if (exitCode !== 2) {
  console.error("schema.prisma and prisma/migrations agree: no migration needed");
  process.exit(0);
}
if (values.print) {
  process.stdout.write(stdout ?? "");
} else {
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const target = path.join(dir, `${stamp}_${values.name}`);
  mkdirSync(target);
  writeFileSync(path.join(target, "migration.sql"), stdout ?? "");
  console.log(path.relative(process.cwd(), path.join(target, "migration.sql")));
}
