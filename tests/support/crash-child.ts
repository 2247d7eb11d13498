// A pipeline process for the crash tests: uploads the CSVs of a folder as one batch and runs it with the
// real jobs, pausing for ever where STOP_AT says (printing "PAUSED <where>") so the test can kill -9 it:
//   job2     in the middle of job 2 (after it has started writing)
//   publish  in job 3 after the database transaction committed, before the lake is published
// Without STOP_AT it runs to the end and prints its status and peak RSS (the memory tests).
// Usage: tsx --conditions=react-server tests/support/crash-child.ts <month> <folder>  (env DATA_DIR, STOP_AT)
import { readdir } from "node:fs/promises";
import path from "node:path";
import { setBackendForTests } from "@/lib/wiring";
import { createLocalBackend } from "@/lib/local/backend";
import { config } from "@/lib/config";
import type { LakeStorage } from "@/lib/lake/storage";
import type { JobContext } from "@/lib/pipeline/jobs/context";
import { runJob2 } from "@/lib/pipeline/jobs/job2-processed-to-curated";
import { runJob3 } from "@/lib/pipeline/jobs/job3-curated-to-database";
import { LocalOrchestrator } from "@/lib/local/orchestrator/local-orchestrator";
import { waitForRun } from "@/lib/services/runs";
import { planUpload, uploadFiles } from "@/lib/services/upload-files";

const [month, folder] = process.argv.slice(2) as [string, string];
const stopAt = process.env.STOP_AT ?? "";
// Said a second after stopping: the run's bookkeeping (queued beside the steps) has reached the database.
const pause = (where: string): Promise<never> => {
  setTimeout(() => process.stdout.write(`PAUSED ${where}\n`), 1000);
  return new Promise(() => undefined);
};

/** A lake that stops the first time job 3 lists a staged partition to publish (the database is committed by then). */
function pausingLake(lake: LakeStorage): LakeStorage {
  return new Proxy(lake, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== "list") return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      return async (prefix: string) => (/^staging\/[^/]+\/[^/]+\/(processed|curated)\//.test(prefix) ? pause("publish") : target.list(prefix));
    },
  });
}

const backend = createLocalBackend(config());
const orchestrator = new LocalOrchestrator({
  lake: backend.lake,
  catalog: backend.catalog,
  timeZone: config().BUSINESS_TIMEZONE,
  workRoot: path.join(config().DATA_DIR, "work"),
  jobs: {
    job2: async (ctx: JobContext) => {
      if (stopAt === "job2") {
        ctx.log("info", "enriching…");
        return pause("job2");
      }
      return runJob2(ctx);
    },
    job3: async (ctx: JobContext) => runJob3(stopAt === "publish" ? { ...ctx, lake: pausingLake(ctx.lake) } : ctx),
  },
});
setBackendForTests({ ...backend, orchestrator, onManifestWritten: async (req) => void (await orchestrator.start(req)) });

const paths = (await readdir(folder)).filter((f) => f.endsWith(".csv")).sort().map((f) => path.join(folder, f));
const { runId } = await uploadFiles({ month, files: await planUpload(paths), userId: null });
process.stdout.write(`RUN ${runId}\n`);
const run = await waitForRun(runId, { timeoutMs: 120_000 });
process.stdout.write(`DONE ${run.status} maxRssMb=${Math.round(process.resourceUsage().maxRSS / 1024)}\n`);
process.exit(0);
