// A run whose state machine cannot even start (its definition fails to load) must end failed at once,
// with the reason, and leave no heartbeat behind: nothing may keep a run "running".
import path from "node:path";
import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const machine = vi.hoisted(() => ({ fail: false }));
vi.mock("@/lib/local/orchestrator/local-machine", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/local/orchestrator/local-machine")>();
  return {
    ...real,
    localStateMachine: async () => {
      if (machine.fail) throw new Error("state machine definition could not be loaded (simulated)");
      return real.localStateMachine();
    },
  };
});

import { setBackendForTests } from "@/lib/wiring";
import { createLocalBackend } from "@/lib/local/backend";
import { config } from "@/lib/config";
import { getRun } from "@/lib/db/runs";
import { LocalOrchestrator } from "@/lib/local/orchestrator/local-orchestrator";
import { HEARTBEAT_MS } from "@/lib/local/orchestrator/run-owner";
import { fullMonth } from "../support/fixtures";
import { freshPipelineEnv, runBatch } from "../support/pipeline-env";

describe("a state machine that cannot start", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;

  beforeAll(async () => {
    env = await freshPipelineEnv();
    const backend = createLocalBackend(config());
    const orchestrator = new LocalOrchestrator({ lake: backend.lake, catalog: backend.catalog, timeZone: "UTC", workRoot: path.join(env.dataDir, "work") });
    setBackendForTests({ ...backend, orchestrator, onManifestWritten: async (req) => void (await orchestrator.start(req)) });
  });
  afterAll(async () => env.cleanup());

  it("ends the run failed with the reason, stops its heartbeat and removes its work folder", async () => {
    machine.fail = true;
    const { runId, run } = await runBatch(path.join(env.dataDir, "in", "a"), "2025-11", fullMonth());
    expect(run.status).toBe("failed");
    expect(run.error ?? "").toContain("could not be loaded");
    const beat = (await getRun(runId))?.heartbeatAt ?? null;
    await new Promise((r) => setTimeout(r, HEARTBEAT_MS + 1_000));
    expect((await getRun(runId))?.heartbeatAt ?? null).toEqual(beat);
    expect(await readdir(path.join(env.dataDir, "work")).catch(() => [])).toEqual([]);

    machine.fail = false;
    const again = await runBatch(path.join(env.dataDir, "in", "b"), "2025-11", fullMonth());
    expect(again.run.status).toBe("succeeded");
  }, 60_000);
});
