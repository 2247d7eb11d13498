import path from "node:path";
import type { Catalog, StepName } from "../../backend/types";
import { listQuality, saveQualityReport, setQualityOrphans } from "../../db/quality";
import { updateRun } from "../../db/runs";
import type { BatchManifest } from "../../lake/manifest";
import type { LakeStorage } from "../../lake/storage";
import type { Job1Result, Job2Result, Job3Result, JobContext } from "../../pipeline/jobs/context";
import { validateBatch } from "../../pipeline/jobs/validate-batch";
import { planBatch, type BatchPlan } from "../../pipeline/plan/batch-plan";
import { writePlan } from "../../pipeline/plan/store";
import { runQualityGate } from "../../pipeline/quality-gate";
import { writeReport } from "../../pipeline/reports";
import type { StepRecorder } from "./step-recorder";

export interface LocalJobs {
  job1: (ctx: JobContext) => Promise<Job1Result>;
  job2: (ctx: JobContext) => Promise<Job2Result>;
  job3: (ctx: JobContext) => Promise<Job3Result>;
}

export interface TaskDeps {
  lake: LakeStorage;
  catalog: Catalog;
  timeZone: string;
  jobs: LocalJobs;
  rec: StepRecorder;
  runId: string;
  /** The run's name (a retry execution continues its run's reports and staging). */
  runName: string;
  executionName: string;
  manifestKey: string;
  workDir: string;
  /** The attempt a step re-run by this execution counts, when it already ran in an earlier one. */
  rerunAttempt: (step: StepName) => number | undefined;
}

/** The state's own input inside a Lambda task's Parameters ({FunctionName, Payload: {…, input: $}}). */
function stateInput<T>(parameters: unknown): T {
  const p = parameters as { Payload?: { input?: T }; input?: T } & T;
  return p.Payload?.input ?? p.input ?? p;
}

/**
 * The two fields the shared definition's ResultSelector reads from a job's answer (Glue's `Id` and
 * `JobRunState`), with the local run's own id: nothing here pretends to be a Glue job run.
 */
const jobRun = (executionName: string, step: string) => ({ Id: `local:${executionName}/${step}`, JobRunState: "SUCCEEDED" });

/**
 * The ASL's task states as local handlers: the same steps AWS runs as Lambdas, Glue jobs and
 * crawlers, each recorded as a step of the run. Each returns what its AWS counterpart returns, in the
 * shape the definition's ResultSelector reads.
 */
export function localTasks(d: TaskDeps) {
  const { lake, rec, runId, runName } = d;
  let manifest: BatchManifest | null = null;
  let plan: BatchPlan | null = null;
  const getManifest = async () => (manifest ??= await validateBatch(lake, d.manifestKey));
  const ctxFor = async (step: StepName): Promise<JobContext> => ({
    lake, manifest: await getManifest(), executionName: d.executionName, runName, plan: plan ?? undefined, timeZone: d.timeZone,
    workDir: path.join(d.workDir, step), log: rec.logger(step),
  });
  const task = <T>(step: StepName, fn: () => Promise<T>) => async (): Promise<T> => {
    const t0 = Date.now();
    rec.stepStarted(step, d.rerunAttempt(step));
    try {
      const out = await fn();
      rec.stepEnded(step, t0, null);
      return out;
    } catch (e) {
      rec.stepEnded(step, t0, e instanceof Error ? e : new Error(String(e)));
      throw e;
    }
  };

  return {
    ValidateBatch: task("ValidateBatch", async () => {
      const m = await getManifest();
      plan = await planBatch(lake, m);
      await writePlan(lake, runName, plan);
      const log = rec.logger("ValidateBatch");
      log("info", `batch ${m.batchId} of ${m.month}: ${m.files.map((f) => `${f.table} (${f.size} bytes)`).join(", ")}${m.profile ? `, read through the profile "${m.profile.name ?? "unnamed"}"` : ""}`);
      for (const t of plan.tables) {
        if (t.error) log("warn", `${t.table}: ${t.error}`);
        else log("info", `${t.table}: ${t.fileName} read as ${t.encoding}, delimiter ${JSON.stringify(t.delimiter)}, ${t.header.length} columns${t.collapse ? ", one row per order" : ""}`);
      }
      return { Payload: { batchId: m.batchId, month: m.month, tables: m.files.map((f) => f.table) } };
    }),
    Job1RawToProcessed: task("Job1RawToProcessed", async () => {
      const r = await d.jobs.job1(await ctxFor("Job1RawToProcessed"));
      for (const t of r.tables) rec.enqueue(() => saveQualityReport(runId, t.table, t));
      await writeReport(lake, runName, "job1", r);
      if (r.tables.every((t) => t.status === "failed")) {
        throw new Error(`no table could be processed: ${r.tables.map((t) => t.error).join("; ")}`);
      }
      return jobRun(d.executionName, "job1");
    }),
    Job2ProcessedToCurated: task("Job2ProcessedToCurated", async () => {
      const r = await d.jobs.job2(await ctxFor("Job2ProcessedToCurated"));
      for (const [table, orphans] of Object.entries(r.orphans)) rec.enqueue(() => setQualityOrphans(runId, table, orphans));
      await writeReport(lake, runName, "job2", r);
      return jobRun(d.executionName, "job2");
    }),
    QualityGate: task("QualityGate", async () => {
      const decision = await runQualityGate(lake, await getManifest(), runName);
      rec.enqueue(() => updateRun(runId, { gate: decision }));
      const log = rec.logger("QualityGate");
      if (!decision.held) log("info", `quality gate passed (${decision.checked} rules): the month is published`);
      for (const f of decision.failed) log("warn", `held: ${f.message}`);
      return { Payload: { held: decision.held, failed: decision.failed } };
    }),
    Job3CuratedToDatabase: task("Job3CuratedToDatabase", async () => {
      const r = await d.jobs.job3(await ctxFor("Job3CuratedToDatabase"));
      await writeReport(lake, runName, "job3", r);
      return jobRun(d.executionName, "job3");
    }),
    CrawlProcessed: task("CrawlProcessed", async () => (await d.catalog.refresh("processed"), {})),
    CrawlProcessedCheck: () => ({ Crawler: { State: "READY", LastCrawl: { Status: "SUCCEEDED" } } }),
    CrawlCurated: task("CrawlCurated", async () => (await d.catalog.refresh("curated"), {})),
    CrawlCuratedCheck: () => ({ Crawler: { State: "READY", LastCrawl: { Status: "SUCCEEDED" } } }),
    PublishRunSummary: async (input: unknown) => {
      const t0 = Date.now();
      rec.stepStarted("PublishRunSummary", d.rerunAttempt("PublishRunSummary"));
      const held = Boolean(stateInput<{ gate?: { held?: boolean } }>(input).gate?.held);
      await rec.settled();
      const failedTables = (await listQuality(runId)).filter((q) => q.status === "failed");
      const status = held ? "held" : failedTables.length > 0 ? "partial" : "succeeded";
      const error = held ? "held by the quality gate: nothing was published" : failedTables.length > 0 ? failedTables.map((q) => `${q.table}: ${q.error}`).join("\n") : null;
      rec.logger("PublishRunSummary")(status === "succeeded" ? "info" : "warn", `run ${status}${error ? `: ${error}` : ""}`);
      await writeReport(lake, runName, "summary", { status, error, finishedAt: new Date().toISOString() });
      if (held) await rec.skipPending();
      rec.stepEnded("PublishRunSummary", t0, null);
      return { Payload: { status, error } };
    },
    PublishFailureSummary: async (input: unknown) => {
      const e = stateInput<{ error?: { Error?: string; Cause?: string } }>(input).error;
      return { Payload: { status: "failed", error: e?.Cause ?? e?.Error ?? "unknown error" } };
    },
  };
}
