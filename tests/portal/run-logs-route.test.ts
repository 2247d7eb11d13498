// Following a step's log through GET /api/runs/:id/logs: every `next` the route answers is taken back
// as `after`, also the "0" of a running step that has logged nothing yet (the log viewer polls with it).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import type { SessionUser } from "@/lib/auth/session";
import { freshPipelineEnv } from "../support/pipeline-env";

let currentUser: SessionUser | null = null;
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => currentUser }));

const route = await import("@/app/api/runs/[id]/logs/route");
const { createUser } = await import("@/lib/db/users");
const { createBatch } = await import("@/lib/db/batches");
const { appendLogLines } = await import("@/lib/db/logs");
const { ensureRun, upsertStep } = await import("@/lib/db/runs");
const { newBatchId } = await import("@/lib/pipeline/batch-id");

const STEP = "Job1RawToProcessed";
type Page = { lines: { message: string }[]; next: string | null };

const get = async (runId: string, q: string) =>
  route.GET(new NextRequest(new URL(`/api/runs/${runId}/logs?${q}`, "http://127.0.0.1:3000")), { params: Promise.resolve({ id: runId }) });

let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
beforeAll(async () => {
  env = await freshPipelineEnv();
  const u = await createUser({ email: "logs-route@example.com", password: "lantern-quietly-harbors", role: "admin" });
  currentUser = { id: u.id, email: u.email, name: "Admin", role: "admin" };
});
afterAll(async () => env.cleanup());

async function runningStep(): Promise<string> {
  const batchId = newBatchId();
  await createBatch({ id: batchId, month: "2025-11", createdById: currentUser!.id });
  const run = await ensureRun({ batchId, month: "2025-11", executionName: `logs-route-${batchId}`, trigger: "manifest" });
  await upsertStep(run.id, STEP, 1, { status: "running", startedAt: new Date() });
  return run.id;
}

describe("GET /api/runs/:id/logs", () => {
  it("a running step without lines yet is followed from the cursor it answered, until its lines arrive", async () => {
    const runId = await runningStep();
    const first = await get(runId, `step=${STEP}`);
    expect(first.status).toBe(200);
    const empty = (await first.json()) as Page;
    expect(empty.lines).toEqual([]);
    expect(empty.next).not.toBeNull();

    // The viewer's next poll: the same cursor, nothing new yet.
    const again = await get(runId, `step=${STEP}&after=${empty.next}`);
    expect(again.status, await again.clone().text()).toBe(200);
    expect(((await again.json()) as Page).lines).toEqual([]);

    await appendLogLines(runId, STEP, [{ level: "info", message: "reading orders.csv" }]);
    const later = await get(runId, `step=${STEP}&after=${empty.next}`);
    expect(later.status).toBe(200);
    const page = (await later.json()) as Page;
    expect(page.lines.map((l) => l.message)).toEqual(["reading orders.csv"]);
    const after = await get(runId, `step=${STEP}&after=${page.next}`);
    expect(((await after.json()) as Page).lines).toEqual([]);
  });

  it("a cursor this log never issued is a 400, never a 500", async () => {
    const runId = await runningStep();
    for (const after of ["pending", "eyJqciI6IngifQ", "99999999999999999999", "-1", "a b"]) {
      const res = await get(runId, `step=${STEP}&after=${encodeURIComponent(after)}`);
      expect(res.status, after).toBe(400);
    }
  });
});
