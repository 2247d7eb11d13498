import { readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it, vi } from "vitest";
import { resetConfig } from "@/lib/config";

// The ASL definition is validated once per content (the schema compile costs a command's start 0.2–0.3 s).
const saved = process.env.CACHE_DIR;
let cache = "";
afterAll(async () => {
  if (saved === undefined) delete process.env.CACHE_DIR;
  else process.env.CACHE_DIR = saved;
  resetConfig();
  await rm(cache, { recursive: true, force: true });
});

it("a validated definition leaves a marker named after its hash; the next process trusts it and still runs", async () => {
  cache = await mkdtemp(path.join(os.tmpdir(), "shoplake-asl-cache-"));
  process.env.CACHE_DIR = cache;
  resetConfig();
  const first = await import("@/lib/local/orchestrator/local-machine");
  await first.localStateMachine();
  const markers = readdirSync(cache).filter((f) => f.startsWith("asl-valid-"));
  expect(markers).toHaveLength(1);

  vi.resetModules(); // as a new process would load it
  const second = await import("@/lib/local/orchestrator/local-machine");
  const machine = await second.localStateMachine();
  expect(typeof machine.run).toBe("function");
  expect(readdirSync(cache).filter((f) => f.startsWith("asl-valid-"))).toEqual(markers);
});
