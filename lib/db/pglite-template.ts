import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { config } from "../config";
import type { Migration } from "./migrate";

/**
 * A new embedded database starts from a tarball of a freshly migrated empty one instead of running
 * initdb in WebAssembly (2–3 s on our machines) and every migration. The tarball is a cache: keyed by
 * PGlite's version and the migrations' checksums, written by the first database created from scratch,
 * and ignored (the database is created from scratch) when it is missing, stale or unreadable.
 */
export interface PgliteTemplate {
  file: string;
  /** The migrations the template holds, all applied. */
  migrations: Migration[];
}

/** The template for these migrations, or null when templates are off or PGlite's version is unknown. */
export function pgliteTemplate(migrations: Migration[]): PgliteTemplate | null {
  const dir = config().CACHE_DIR;
  const version = pgliteVersion();
  if (dir === "off" || !version) return null;
  const key = createHash("sha256")
    .update(version)
    .update(migrations.map((m) => `${m.name}:${m.checksum}`).join("\n"))
    .digest("hex")
    .slice(0, 16);
  return { file: path.resolve(dir, `pglite-${version}-${key}.tar`), migrations };
}

/** The tarball, or null when there is none yet (or it cannot be read: then the cache is not used). */
export async function readTemplate(t: PgliteTemplate): Promise<Blob | null> {
  const bytes = await readFile(t.file).catch(() => null);
  return bytes ? new Blob([bytes]) : null;
}

/** Dumps a database that holds exactly the template's migrations and nothing else. Never throws. */
export async function saveTemplate(t: PgliteTemplate, pg: PGlite): Promise<void> {
  const tmp = `${t.file}.${process.pid}.${Date.now()}.part`;
  try {
    const dump = await pg.dumpDataDir("none");
    await mkdir(path.dirname(t.file), { recursive: true });
    await writeFile(tmp, Buffer.from(await dump.arrayBuffer()));
    await rename(tmp, t.file); // atomic: a reader sees the whole tarball or none
  } catch (e) {
    await rm(tmp, { force: true });
    console.error(`[db] could not keep a template of the new database (${(e as Error).message}); the next one is created from scratch too`);
  }
}

/** Forgets a template that failed to load. */
export async function dropTemplate(t: PgliteTemplate): Promise<void> {
  await rm(t.file, { force: true });
}

let version: string | null | undefined;

function pgliteVersion(): string | null {
  if (version === undefined) {
    // The package exports no ./package.json: it is found next to its entry point (Node, tsx), or under the
    // working directory's node_modules (a Next server bundle, where require.resolve may not reach it).
    const candidates = [() => path.resolve(path.dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite")), "..", "package.json"), () => path.resolve("node_modules/@electric-sql/pglite/package.json")];
    version = null;
    for (const candidate of candidates) {
      try {
        const pkg = candidate();
        // Not a file of the app: the build must not trace the whole project for it.
        if (existsSync(/* turbopackIgnore: true */ pkg)) {
          version = (JSON.parse(readFileSync(/* turbopackIgnore: true */ pkg, "utf8")) as { version?: string }).version ?? null;
          break;
        }
      } catch {
        // the next place
      }
    }
  }
  return version;
}
