// Development and test tool, never imported by the app: Prisma's schema engine compiled to
// WebAssembly (@prisma/schema-engine-wasm, a devDependency) driven through a driver adapter. It runs
// offline, unlike the schema-engine binary the CLI would download, and gives us Prisma's own
// `migrate diff`, `migrate deploy` (applyMigrations) and history diagnosis.
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine, SchemaFilter } from "@prisma/schema-engine-wasm";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { defaultMigrationsDir, readMigrations } from "../migrate";

type Glue = typeof import("@prisma/schema-engine-wasm");

let glue: Promise<Glue> | undefined;

/** The wasm module is instantiated once per process (its JS glue keeps it in module state). */
function loadGlue(): Promise<Glue> {
  glue ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const bg = (await import(gluePath)) as Glue & { __wbg_set_wasm(exports: WebAssembly.Exports): void };
    const bytes = readFileSync(path.join(path.dirname(gluePath), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg as unknown as WebAssembly.ModuleImports });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return bg;
  })();
  return glue;
}

export const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

export async function openSchemaEngine(adapter: SqlMigrationAwareDriverAdapterFactory, schema?: string): Promise<SchemaEngine> {
  const { SchemaEngine } = await loadGlue();
  return SchemaEngine.new(
    { datamodels: schema ? [["schema.prisma", schema]] : undefined },
    () => {},
    bindMigrationAwareSqlAdapterFactory(adapter),
  );
}

/** prisma/migrations in the shape the engine reads (what the CLI passes to migrate deploy). */
export function migrationList(dir: string = defaultMigrationsDir()): MigrationList {
  const lock = path.join(dir, "migration_lock.toml");
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: readFileSync(lock, "utf8") },
    shadowDbInitScript: "",
    migrationDirectories: readMigrations(dir).map((m) => ({
      path: m.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok" as const, value: m.script } },
    })),
  };
}

export function schemaFiles(schemaPath: string): { path: string; content: string }[] {
  return [{ path: path.basename(schemaPath), content: readFileSync(schemaPath, "utf8") }];
}
