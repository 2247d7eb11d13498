import path from "node:path";
import { it } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { NO_FILTER, openSchemaEngine, schemaFiles } from "@/lib/db/tools/schema-engine";
const SCHEMA = path.resolve(import.meta.dirname, "../../prisma/schema.prisma");
it("timing", async () => {
  let t = Date.now();
  const pg = new PGlite();
  await pg.waitReady;
  console.log("pglite", Date.now() - t); t = Date.now();
  const f0 = new PrismaPGlite(pg);
  const orig = f0.connectToShadowDb.bind(f0);
  f0.connectToShadowDb = async () => { console.log("SHADOW requested"); return orig(); };
  const engine = await openSchemaEngine(f0);
  console.log("engine", Date.now() - t); t = Date.now();
  const r = await engine.diff({ from: { tag: "schemaDatasource", files: schemaFiles(SCHEMA), configDir: "/" }, to: { tag: "schemaDatamodel", files: schemaFiles(SCHEMA) }, script: true, exitCode: true, filters: NO_FILTER });
  console.log("diff", Date.now() - t, r.exitCode); t = Date.now();
}, 300000);
