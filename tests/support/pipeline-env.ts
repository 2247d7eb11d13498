import { cp, mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { afterAll, beforeAll, inject } from "vitest";
import os from "node:os";
import path from "node:path";
import { closeBackend, getBackend, resetBackend } from "@/lib/wiring";
import { resetConfig } from "@/lib/config";
import { closeDb } from "@/lib/db/client";
import { listQuality } from "@/lib/db/quality";
import type { SourceProfile } from "@/lib/contracts";
import type { BatchManifest } from "@/lib/lake/manifest";
import type { LakeStorage } from "@/lib/lake/storage";
import { Duck } from "@/lib/pipeline/duck";
import { lakeKeys } from "@/lib/lake/keys";
import { planBatch } from "@/lib/pipeline/plan/batch-plan";
import type { JobContext } from "@/lib/pipeline/jobs/context";
import { waitForRun } from "@/lib/services/runs";
import { planUpload, uploadFiles } from "@/lib/services/upload-files";
import { fullMonth } from "./fixtures";

/** A fresh DATA_DIR (lake + PGlite, or PostgreSQL when databaseUrl is given) for one test file. */
export async function freshPipelineEnv(opts: { databaseUrl?: string; timeZone?: string } = {}) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "shoplake-test-"));
  await closeDb();
  process.env.DATA_DIR = dataDir;
  // A copy of the migrated template database (tests/global-setup.ts) instead of a new initdb.
  if (!opts.databaseUrl) await cp(path.join(inject("pgliteTemplate"), "pglite"), path.join(dataDir, "pglite"), { recursive: true });
  process.env.BUSINESS_TIMEZONE = opts.timeZone ?? "UTC";
  process.env.PORTAL_BACKEND = "local";
  if (opts.databaseUrl) process.env.DATABASE_URL = opts.databaseUrl;
  else delete process.env.DATABASE_URL;
  resetConfig();
  resetBackend();
  return {
    dataDir,
    async cleanup() {
      // Runs, recoveries and notifications still finishing would reopen the database inside the folder.
      await closeBackend();
      await closeDb();
      await Duck.closeShared();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Writes `files` (name → content) into a folder and runs them as one batch through the upload path. */
export async function runBatch(dir: string, month: string, files: Record<string, string | Uint8Array>) {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const [name, content] of Object.entries(files)) {
    const p = path.join(dir, name);
    await writeFile(p, content);
    paths.push(p);
  }
  return runPaths(month, paths);
}

export async function runPaths(month: string, paths: string[], opts: { profile?: SourceProfile | null } = {}) {
  const plan = await planUpload(paths, { profile: opts.profile ?? null });
  const { batchId, runId } = await uploadFiles({ month, files: plan, userId: null, profile: opts.profile ?? null });
  const run = await waitForRun(runId, { timeoutMs: 120_000 });
  const quality = Object.fromEntries((await listQuality(runId)).map((q) => [q.table, q]));
  return { batchId, runId, run, quality };
}

/**
 * For test files that call one job directly: registers beforeAll/afterAll that run a full month through
 * the whole pipeline in a fresh DATA_DIR. The returned object is filled in by beforeAll: the data
 * folder, the batch manifest, and a job context over it (the lake defaults to the backend's).
 */
export function monthForJobs(month = "2025-11", input?: (dir: string) => Promise<string[]>) {
  const state = {} as {
    dataDir: string;
    manifest: BatchManifest;
    jobContext: (name: string, lake?: LakeStorage) => Promise<JobContext>;
    /** Stages the published curated month as run `name`'s (what job 2 leaves for job 3). */
    stageCurated: (name: string) => Promise<void>;
  };
  let env: Awaited<ReturnType<typeof freshPipelineEnv>> | undefined;
  beforeAll(async () => {
    env = await freshPipelineEnv();
    const dataDir = env.dataDir;
    // The small fixture month, or the files `input` writes into the folder it is given.
    const r = input ? await runPaths(month, await input(path.join(dataDir, "in"))) : await runBatch(path.join(dataDir, "in"), month, fullMonth(month));
    if (r.run.status !== "succeeded") throw new Error(`the setup run ended ${r.run.status}: ${r.run.error}`);
    const manifest = JSON.parse(
      await readFile(path.join(dataDir, "lake", `raw/_manifests/month=${month}/batch=${r.batchId}.json`), "utf8"),
    ) as BatchManifest;
    const jobContext = async (name: string, lake?: LakeStorage): Promise<JobContext> => ({
      lake: lake ?? (await getBackend()).lake,
      manifest,
      executionName: name,
      runName: name,
      plan: await planBatch(lake ?? (await getBackend()).lake, manifest),
      timeZone: "UTC",
      workDir: path.join(dataDir, "work", name),
      log: () => undefined,
    });
    const stageCurated = async (name: string) => {
      const lake = (await getBackend()).lake;
      for (const o of await lake.list("curated/")) {
        const m = /^curated\/([a-z_]+)\/month=(\d{4}-\d{2})\/(.+)$/.exec(o.key);
        if (m && m[2] === month) await lake.copy(o.key, `${lakeKeys.stagedPrefix(month, name, "curated", m[1]!)}${m[3]}`);
      }
    };
    Object.assign(state, { dataDir, manifest, jobContext, stageCurated });
  });
  afterAll(async () => env?.cleanup());
  return state;
}
