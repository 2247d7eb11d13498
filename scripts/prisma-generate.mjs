// Runs `prisma generate` offline. Prisma's CLI wants a schema-engine binary it would download, though
// generate never calls it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips the download.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY || !existsSync(env.PRISMA_SCHEMA_ENGINE_BINARY)) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = fileURLToPath(import.meta.url);
}
const bin = new URL("../node_modules/prisma/build/index.js", import.meta.url);
const r = spawnSync(process.execPath, [fileURLToPath(bin), "generate"], { stdio: "inherit", env });
process.exit(r.status ?? 1);
