import { describe, expect, it } from "vitest";
import { CloudWatchJobLogs, driverStream } from "@/lib/aws/cloudwatch-logs";
import { executionNameFor } from "@/lib/backend/execution-name";
import { SfnOrchestrator } from "@/lib/aws/sfn-orchestrator";
import { jobLogsContract, type SeedLine } from "../contracts/job-logs.contract";
import { fastRetry } from "./fakes/aws-error";
import { FakeLogs } from "./fakes/fake-logs";
import { FakeSfn, STATE_MACHINE_ARN } from "./fakes/fake-sfn";

const OUT = "/aws-glue/shoplake/output";
const ERR = "/aws-glue/shoplake/error";

/** Runs on the fake Step Functions; each run's Job1 logs go to the fake CloudWatch under its JobRunId. */
function world() {
  const sfn = new FakeSfn();
  const cw = new FakeLogs();
  const orchestrator = new SfnOrchestrator({ stateMachineArn: STATE_MACHINE_ARN, client: sfn.client, retry: fastRetry });
  const runs = new Map<string, string>();
  const logs = new CloudWatchJobLogs({
    outputGroup: OUT,
    errorGroup: ERR,
    orchestrator,
    resolveExecution: async (runId) => runs.get(runId) ?? null,
    client: cw.client,
    retry: fastRetry,
  });
  let clock = Date.UTC(2025, 11, 1, 9, 0, 0);
  let n = 0;
  const write = async (runId: string, step: string, lines: SeedLine[]) => {
    const info = await orchestrator.describe(runs.get(runId)!);
    const jr = info.steps.find((s) => s.name === step)!.externalId!;
    for (const l of lines) {
      clock += 1000;
      // The runner logs "<time> <LEVEL> <message>" to stdout; tracebacks land on stderr without a level.
      if (l.level === "error") cw.put(ERR, driverStream(jr), [{ ts: clock, message: `${l.message}\n` }]);
      else cw.put(OUT, driverStream(jr), [{ ts: clock, message: `${new Date(clock).toISOString()} ${l.level === "warn" ? "WARNING" : "INFO"} ${l.message}\n` }]);
    }
  };
  const seed = async (lines: SeedLine[], opts: { running?: boolean } = {}) => {
    const batchId = `logs${(n++).toString(36)}${Date.now().toString(36)}`;
    const name = executionNameFor(batchId);
    if (opts.running) sfn.plans.set(name, { outcome: (s) => (s === "Job1RawToProcessed" ? { stop: "running" } : undefined) });
    const { executionId } = await orchestrator.start({ batchId, month: "2025-11", manifestKey: `raw/_manifests/month=2025-11/batch=${batchId}.json` });
    const runId = `run-${batchId}`;
    runs.set(runId, executionId);
    await write(runId, "Job1RawToProcessed", lines);
    return { runId, step: "Job1RawToProcessed", name };
  };
  return { sfn, cw, logs, seed, write, runs };
}

jobLogsContract("CloudWatch Logs (aws-sdk-client-mock)", async () => {
  const w = world();
  return {
    logs: w.logs,
    seed: (lines, opts) => w.seed(lines, opts),
    append: (runId, step, lines) => w.write(runId, step, lines),
    finish: async (runId) => w.sfn.resume(`batch-${runId.slice(4)}`),
  };
});

describe("CloudWatch job logs", () => {
  const lines = (k: number): SeedLine[] => Array.from({ length: k }, (_, i) => ({ level: i % 5 === 4 ? "error" : "info", message: `msg ${i}` }));

  it("merges stdout and stderr by time and parses the level from the runner's prefix", async () => {
    const w = world();
    const { runId, step } = await w.seed(lines(10));
    const page = await w.logs.read(runId, step, { limit: 100 });
    expect(page.lines.map((l) => l.message.replace(/^\S+ (INFO|WARNING) /, ""))).toEqual(Array.from({ length: 10 }, (_, i) => `msg ${i}`));
    expect(page.lines.filter((l) => l.level === "error").map((l) => l.message)).toEqual(["msg 4", "msg 9"]);
    expect(page.next).toBeNull();
  });

  it("pages through server pages smaller than the limit, empty pages and throttling", async () => {
    const w = world();
    const { runId, step } = await w.seed(lines(23));
    w.cw.maxPage = 3;
    w.cw.emptyEvery = 4;
    w.cw.throttle(2);
    const got: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 50; i++) {
      const page = await w.logs.read(runId, step, { after, limit: 5 });
      expect(page.lines.length).toBeLessThanOrEqual(5);
      got.push(...page.lines.map((l) => l.message.replace(/^\S+ (INFO|WARNING) /, "")));
      if (!page.next) break;
      after = page.next;
    }
    expect(got).toEqual(Array.from({ length: 23 }, (_, i) => `msg ${i}`));
  });

  it("before the job's first line the stream does not exist: empty, still followable", async () => {
    const w = world();
    const { runId, step } = await w.seed([], { running: true });
    const page = await w.logs.read(runId, step, { limit: 10 });
    expect(page.lines).toEqual([]);
    expect(page.next).not.toBeNull();
    await w.write(runId, step, [{ level: "info", message: "started" }]);
    const next = await w.logs.read(runId, step, { after: page.next!, limit: 10 });
    expect(next.lines.map((l) => l.message)).toEqual([expect.stringMatching(/INFO started$/)]);
  });

  it("every cursor it answers is one the logs route takes back as after", async () => {
    const { logCursorParam } = await import("@/lib/http/input");
    const w = world();
    const waiting = await w.seed([], { running: true });
    const { runId, step } = await w.seed(lines(7), { running: true });
    const cursors = [(await w.logs.read(waiting.runId, waiting.step, { limit: 10 })).next];
    let after: string | undefined;
    for (let i = 0; i < 5; i++) {
      const page = await w.logs.read(runId, step, { after, limit: 2 });
      cursors.push(page.next);
      after = page.next ?? undefined;
    }
    for (const c of cursors) {
      expect(c).not.toBeNull();
      expect(logCursorParam.safeParse(c).success, c!).toBe(true);
    }
  });

  it("an unknown run reads empty", async () => {
    const w = world();
    expect(await w.logs.read("no-such-run", "Job1RawToProcessed")).toEqual({ lines: [], next: null });
  });

  it("a retried step starts over with the new job run's stream", async () => {
    const w = world();
    const { runId, step } = await w.seed(lines(3));
    const first = await w.logs.read(runId, step, { limit: 100 });
    // A cursor from another job run (e.g. before a redrive) is not applied to this one.
    const foreign = Buffer.from(JSON.stringify({ jr: "jr_other", o: { token: "f/2", skip: 0 }, e: { token: null, skip: 0 } })).toString("base64url");
    const again = await w.logs.read(runId, step, { after: foreign, limit: 100 });
    expect(again.lines.map((l) => l.message)).toEqual(first.lines.map((l) => l.message));
  });
});
