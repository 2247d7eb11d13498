import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRun } from "@/lib/db/runs";
import { planUpload, uploadFiles } from "@/lib/services/upload-files";
import { closeBackend } from "@/lib/wiring";
import { fullMonth } from "../support/fixtures";
import { freshPipelineEnv } from "../support/pipeline-env";

// A test's clean-up (or a shutdown) that removed the data folder while a run still finished wrote into a
// half-deleted folder: CI once failed with ENOTEMPTY. Closing the backend waits for the process's work.
describe("closing the local backend", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  beforeAll(async () => {
    env = await freshPipelineEnv();
  });
  afterAll(async () => env.cleanup());

  it("waits for a run it started, its clean-up included, without anyone waiting for the run", async () => {
    const dir = path.join(env.dataDir, "in");
    await mkdir(dir, { recursive: true });
    const paths: string[] = [];
    for (const [name, content] of Object.entries(fullMonth("2025-11"))) {
      paths.push(path.join(dir, name));
      await writeFile(paths.at(-1)!, content);
    }
    const { runId } = await uploadFiles({ month: "2025-11", files: await planUpload(paths), userId: null, profile: null });
    expect((await getRun(runId))!.status).not.toBe("succeeded");

    await closeBackend();
    expect((await getRun(runId))!.status).toBe("succeeded");
    // The run's own work folder is gone; DuckDB's spill folder is the shared instance's, not the run's.
    expect((await readdir(path.join(env.dataDir, "work"))).filter((f) => f !== "duckdb-spill")).toEqual([]);
  });
});
