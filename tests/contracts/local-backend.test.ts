// The local backend's implementations against the interface contract suites the AWS ones also pass.
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLocalBackend } from "@/lib/local/backend";
import type { Backend, StartRequest } from "@/lib/backend/types";
import { config } from "@/lib/config";
import { addBatchFile, createBatch } from "@/lib/db/batches";
import { appendLogLines } from "@/lib/db/logs";
import { ensureRun, upsertStep } from "@/lib/db/runs";
import { lakeKeys } from "@/lib/lake/keys";
import { DEFAULT_GATE, type BatchManifest } from "@/lib/lake/manifest";
import { newBatchId } from "@/lib/pipeline/batch-id";
import type { JobContext } from "@/lib/pipeline/jobs/context";
import { runJob2 } from "@/lib/pipeline/jobs/job2-processed-to-curated";
import { Duck } from "@/lib/pipeline/duck";
import { LocalOrchestrator } from "@/lib/local/orchestrator/local-orchestrator";
import { fullMonth } from "../support/fixtures";
import { freshPipelineEnv, runBatch } from "../support/pipeline-env";
import { analyticsContract } from "./analytics.contract";
import { catalogContract } from "./catalog.contract";
import { jobLogsContract } from "./job-logs.contract";
import { orchestratorContract } from "./orchestrator.contract";

let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
let backend: Backend;
beforeAll(async () => {
  env = await freshPipelineEnv();
  backend = createLocalBackend(config());
});
afterAll(async () => env.cleanup());

/** Puts a batch's files and manifest in the lake and registers it, without starting a run. */
async function stageBatch(month: string): Promise<StartRequest> {
  const batchId = newBatchId();
  await createBatch({ id: batchId, month, source: "cli" });
  const manifest: BatchManifest = { version: 1, batchId, month, createdAt: new Date().toISOString(), createdBy: null, businessTimeZone: "UTC", files: [], profile: null, gate: DEFAULT_GATE };
  for (const [name, content] of Object.entries(fullMonth(month))) {
    const table = name.replace(".csv", "") as BatchManifest["files"][number]["table"];
    const key = lakeKeys.rawFile(table, month, batchId, name);
    await backend.lake.put(key, content);
    await addBatchFile({ batchId, table, fileName: name, key, size: Buffer.byteLength(content) });
    manifest.files.push({ table, key, fileName: name, size: Buffer.byteLength(content) });
  }
  const manifestKey = lakeKeys.manifest(month, batchId);
  await backend.lake.put(manifestKey, JSON.stringify(manifest));
  return { batchId, month, manifestKey };
}

orchestratorContract("local (aws-local-stepfunctions)", async () => {
  const failing = new Set<string>();
  const failOnce = new Set<string>();
  const orchestrator = new LocalOrchestrator({
    lake: backend.lake,
    catalog: backend.catalog,
    timeZone: "UTC",
    workRoot: path.join(env.dataDir, "work"),
    jobs: {
      job2: async (ctx: JobContext) => {
        const id = ctx.manifest.batchId;
        if (failing.has(id)) throw new Error("job 2 failed on purpose");
        if (failOnce.delete(id)) throw new Error("job 2 failed once on purpose");
        return runJob2(ctx);
      },
    },
  });
  const start = async (req: StartRequest) => {
    await ensureRun({ batchId: req.batchId, month: req.month, executionName: `batch-${req.batchId}`, trigger: "manifest" });
    return req;
  };
  return {
    orchestrator,
    newBatch: async () => start(await stageBatch("2025-11")),
    newFailingBatch: async () => {
      const req = await start(await stageBatch("2025-11"));
      failing.add(req.batchId);
      return req;
    },
    redrivableFailure: async () => {
      const req = await start(await stageBatch("2025-11"));
      failOnce.add(req.batchId);
      return orchestrator.start(req);
    },
    // Every local job failure is caught by the state machine.
    caughtFailure: async () => {
      const req = await start(await stageBatch("2025-11"));
      failOnce.add(req.batchId);
      return orchestrator.start(req);
    },
    settle: (id) => orchestrator.settled(id),
  };
});

jobLogsContract("local (log table)", async () => ({
  logs: backend.logs,
  async seed(lines, opts) {
    const req = await stageBatch("2025-10");
    const run = await ensureRun({ batchId: req.batchId, month: req.month, executionName: `logs-${req.batchId}`, trigger: "manifest" });
    const step = "Job1RawToProcessed";
    await upsertStep(run.id, step, 1, { status: opts?.running ? "running" : "succeeded", startedAt: new Date() });
    await appendLogLines(run.id, step, lines);
    return { runId: run.id, step };
  },
  append: async (runId, step, lines) => void (await appendLogLines(runId, step, lines)),
  finish: async (runId, step) => void (await upsertStep(runId, step, 1, { status: "succeeded", endedAt: new Date() })),
}));

catalogContract("local (catalog refresh)", async () => {
  await runBatch(path.join(env.dataDir, "in-cat"), "2025-09", fullMonth("2025-09"));
  return {
    catalog: backend.catalog,
    expected: [
      // 2025-11 was run by the orchestrator suite above (same lake).
      { layer: "processed", name: "orders", columns: ["order_id", "order_ts", "total"], months: { "2025-09": 3, "2025-11": 3 } },
      { layer: "processed", name: "events", columns: ["event_id", "event_type"], months: { "2025-09": 7, "2025-11": 7 } },
      { layer: "curated", name: "fact_orders_enriched", columns: ["order_id", "country", "channel", "is_recognised"], months: { "2025-09": 3, "2025-11": 3 } },
      { layer: "curated", name: "mart_heatmap", columns: ["dow", "hour", "sessions", "orders"], months: { "2025-09": 168, "2025-11": 168 } },
    ],
  };
});

// The local crawl reads every table's schema in one query: each table must still get exactly its own
// columns, in order, with the types DuckDB reads from its files.
it("local catalog refresh: each table's columns are its Parquet schema, in order", async () => {
  const duck = await Duck.open({ timeZone: "UTC" });
  try {
    for (const layer of ["processed", "curated"] as const) {
      const tables = await backend.catalog.refresh(layer);
      expect(tables.length).toBeGreaterThan(5);
      for (const t of tables) {
        const paths = await Promise.all((await backend.lake.list(`${layer}/${t.name}/`)).map((o) => backend.lake.stageIn(o.key, "/nonexistent")));
        const files = paths.map((p) => `'${p}'`).join(", ");
        const cols = await duck.all<{ column_name: string; column_type: string }>(
          `DESCRIBE SELECT * FROM read_parquet([${files}], hive_partitioning = true, union_by_name = true)`,
        );
        expect(t.columns, `${layer}/${t.name}`).toEqual(cols.map((c) => ({ name: c.column_name, type: c.column_type })));
      }
    }
  } finally {
    await duck.close();
  }
});

analyticsContract("local (DuckDB over curated Parquet)", async () => {
  await runBatch(path.join(env.dataDir, "in-an"), "2025-08", fullMonth("2025-08"));
  return {
    analytics: backend.analytics,
    months: ["2025-08", "2025-09", "2025-11"],
    samples: [
      { name: "revenue_by_channel", params: { month: "2025-08" }, expected: [{ channel: "paid_search", revenue: 54, orders: 1 }, { channel: "email", revenue: 21.6, orders: 1 }] },
      { name: "category_sales", params: { month: "2025-08" }, expected: [{ category: "Home", units: 1, sales: 40, sales_with_cost: 40, margin: 15 }, { category: "Kitchen", units: 2, sales: 18, sales_with_cost: 18, margin: 10 }] },
      // o1 is reviewed in each loaded month (the fixture reuses its ids); every month from 2025-08 on received reviews.
      { name: "review_share", params: { month: "2025-08" }, expected: [{ month: "2025-08", reviewed_orders: 1, months_with_reviews: 3 }] },
    ],
  };
});
