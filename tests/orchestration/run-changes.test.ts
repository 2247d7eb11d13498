import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChanged, untilRunChanges } from "@/lib/local/orchestrator/run-changes";
import { planUpload, uploadFiles } from "@/lib/services/upload-files";
import { waitForRun } from "@/lib/services/runs";
import { fullMonth } from "../support/fixtures";
import { freshPipelineEnv } from "../support/pipeline-env";
import { mkdir, writeFile } from "node:fs/promises";

const HOUR = 3_600_000;

describe("a run executed in this process wakes whoever waits for it", () => {
  it("untilRunChanges resolves on its run's change, not on another run's, and at the latest after maxMs", async () => {
    let woke = false;
    const waiting = untilRunChanges("run-a", HOUR).then(() => (woke = true));
    runChanged("run-b");
    await new Promise((r) => setImmediate(r));
    expect(woke).toBe(false);
    runChanged("run-a");
    await waiting;
    expect(woke).toBe(true);
    await untilRunChanges("run-c", 5); // nothing happens to run-c: the bound ends the wait
  });

  describe("waitForRun", () => {
    let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
    beforeAll(async () => {
      env = await freshPipelineEnv();
    });
    afterAll(async () => env.cleanup());

    // With an hour between polls, only the run's own wake-ups can bring each step and the end to the caller.
    it("follows a local run step by step without polling", async () => {
      const dir = path.join(env.dataDir, "in");
      await mkdir(dir, { recursive: true });
      const paths: string[] = [];
      for (const [name, content] of Object.entries(fullMonth("2025-11"))) {
        paths.push(path.join(dir, name));
        await writeFile(paths.at(-1)!, content);
      }
      const { runId } = await uploadFiles({ month: "2025-11", files: await planUpload(paths), userId: null });
      const statuses: string[] = [];
      const run = await waitForRun(runId, { intervalMs: HOUR, timeoutMs: 120_000, onProgress: (p) => statuses.push(p.status) });
      expect(run.status).toBe("succeeded");
      expect(run.steps.every((s) => s.status === "succeeded")).toBe(true);
      expect(statuses.at(-1)).toBe("succeeded");
    }, 60_000);
  });
});
