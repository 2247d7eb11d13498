import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { TestProject } from "vitest/node";

/**
 * Creating an embedded PostgreSQL (initdb + migrations) takes seconds; tests that only need a fresh,
 * migrated database copy this template instead (tests/support/pipeline-env.ts). It is made by the
 * app's own start-up code in a child process (server modules refuse to load outside a server context).
 */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "shoplake-pglite-template-"));
  const tsx = path.join(process.cwd(), "node_modules", ".bin", "tsx");
  await promisify(execFile)(tsx, ["--conditions=react-server", "scripts/db-migrate.ts"], {
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: "" },
  });
  project.provide("pgliteTemplate", dir);
  return async () => rm(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}
