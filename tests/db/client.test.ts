import { existsSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resetConfig } from "@/lib/config";
import { closeDb, getDb, getSql, openDb } from "@/lib/db/client";
import { dbTargets, freshTestDataDir } from "./helpers/targets";

const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL, PGLITE_SHARED_BUFFERS: process.env.PGLITE_SHARED_BUFFERS };
afterEach(async () => {
  await closeDb();
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetConfig();
});

describe("process-wide database from config()", () => {
  it("defaults to PGlite under DATA_DIR/pglite; getDb/getSql share one instance; closeDb releases it", async () => {
    const dataDir = await freshTestDataDir();
    try {
      delete process.env.DATABASE_URL;
      process.env.DATA_DIR = dataDir;
      resetConfig();
      const [p1, p2, s1] = await Promise.all([getDb(), getDb(), getSql()]);
      expect(p1).toBe(p2);
      expect(s1.kind).toBe("pglite");
      expect(await getSql()).toBe(s1);
      expect((await openDb()).kind).toBe("pglite");
      await p1.user.create({ data: { email: "x@y.z", passwordHash: "h", role: "client" } });
      expect(await s1.query(`SELECT email FROM "User"`)).toEqual([{ email: "x@y.z" }]);
      // The buffer pool of our setting, PGlite's own start parameters kept (single user, no workers).
      expect(await s1.query(`SELECT current_setting('shared_buffers') AS sb, current_setting('max_worker_processes') AS w`)).toEqual([{ sb: "64MB", w: "0" }]);
      expect(existsSync(path.join(dataDir, "pglite.lock"))).toBe(true);

      await closeDb();
      expect(existsSync(path.join(dataDir, "pglite.lock"))).toBe(false);
      // Data persisted; a new open finds it, with another buffer pool if the setting changed.
      process.env.PGLITE_SHARED_BUFFERS = "16MB";
      resetConfig();
      expect(await (await getDb()).user.count()).toBe(1);
      expect(await (await getSql()).query(`SELECT current_setting('shared_buffers') AS sb`)).toEqual([{ sb: "16MB" }]);
    } finally {
      await closeDb();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("a failed open is not cached: the next call retries", async () => {
    const dataDir = await freshTestDataDir();
    const aFile = path.join(dataDir, "not-a-directory");
    await writeFile(aFile, "");
    delete process.env.DATABASE_URL;
    process.env.DATA_DIR = path.join(aFile, "data"); // under a file: cannot be created
    resetConfig();
    await expect(getDb()).rejects.toThrow(/ENOTDIR/);
    try {
      process.env.DATA_DIR = dataDir;
      resetConfig();
      expect(await (await getDb()).user.count()).toBe(0);
    } finally {
      await closeDb();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  const pgTarget = dbTargets().find((t) => t.name === "postgresql");
  it.runIf(pgTarget)("uses PostgreSQL through @prisma/adapter-pg when DATABASE_URL is set", async () => {
    const loc = await pgTarget!.create();
    try {
      process.env.DATABASE_URL = loc.url!;
      process.env.DATA_DIR = "/nonexistent/never-used";
      resetConfig();
      const sql = await getSql();
      expect(sql.kind).toBe("pg");
      expect(await (await getDb()).run.count()).toBe(0);
      const [{ db }] = (await sql.query<{ db: string }>("SELECT current_database() AS db")) as [{ db: string }];
      expect(loc.url).toContain(`/${db}`);
    } finally {
      await closeDb();
      await loc.drop();
    }
  });
});
