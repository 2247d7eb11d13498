// One measured phase of `npm run bench`, in its own process so its peak RSS is its own.
import { mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { getMonthKpis, listCuratedMonths } from "../lib/services/month-kpis";
import { getBackend } from "../lib/wiring";
import { sourceProfileSchema } from "../lib/contracts/profile";
import { closeDb, openDb } from "../lib/db/client";
import { listQuality } from "../lib/db/quality";
import { Duck } from "../lib/pipeline/duck";
import { localStateMachine } from "../lib/local/orchestrator/local-machine";
import { waitForRun } from "../lib/services/runs";
import { planUpload, uploadFiles } from "../lib/services/upload-files";

async function main() {
  const [mode, dir, profilePath] = process.argv.slice(2) as ["bare" | "pipeline", string, string | undefined];
  // A shop's own export: read through its source profile (npm run bench -- --format …).
  const profile = profilePath ? sourceProfileSchema.parse(JSON.parse(await readFile(profilePath, "utf8"))) : null;
  const files = (await readdir(dir)).filter((f) => f.endsWith(".csv")).map((f) => path.join(dir, f));
  if (mode === "bare") {
    const duck = await Duck.open({ timeZone: "UTC" });
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    // Written under this run's DATA_DIR (the bench removes it), never beside the month's CSVs: a kept
    // month (--data) is read again by later benches.
    const out = path.resolve(process.env.DATA_DIR ?? "data", "bare");
    await mkdir(out, { recursive: true });
    for (const f of files) {
      await duck.run(`COPY (SELECT * FROM read_csv('${f}')) TO '${path.join(out, `${path.basename(f)}.parquet`)}' (FORMAT parquet, COMPRESSION zstd)`);
    }
    const wallMs = performance.now() - t0;
    const cpuMs = cpuMsSince(c0);
    await duck.close();
    console.log(JSON.stringify({ wallMs, cpuMs, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
    return;
  }
  // Start-up, not pipeline time (a running portal has done it): open the database, create the backend,
  // validate the ASL.
  await openDb();
  await getBackend();
  await localStateMachine();
  const cpu = sampleCpu();
  const t0 = performance.now();
  const plan = await planUpload(files, { profile });
  let uploaded = Date.now();
  const { runId } = await uploadFiles({ month: "2025-11", files: plan, userId: null, profile, onFile: () => (uploaded = Date.now()) });
  const uploadMs = uploaded - (performance.timeOrigin + t0);
  // Polled calmly (each poll queries the database on this thread); the end is the run's own end time.
  const run = await waitForRun(runId, { intervalMs: 250 });
  // The pipeline: from the manifest (written once every file is in raw/) to the database loaded.
  const wallMs = (run.endedAt?.getTime() ?? Date.now()) - uploaded;
  cpu.stop();
  const pipelineCpuMs = cpu.at(run.endedAt?.getTime() ?? Date.now()) - cpu.at(uploaded);
  const quality = await listQuality(runId);
  // What the dashboard page waits for: the month's numbers through the analytics layer, cold and cached.
  const k0 = performance.now();
  await getMonthKpis("2025-11");
  const kpisColdMs = performance.now() - k0;
  const k1 = performance.now();
  await getMonthKpis("2025-11");
  await listCuratedMonths();
  const kpisWarmMs = performance.now() - k1;
  console.log(JSON.stringify({
    wallMs,
    uploadMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    status: run.status,
    steps: Object.fromEntries(run.steps.map((s) => [s.name, s.durationMs ?? 0])),
    cpuMs: pipelineCpuMs,
    stepCpuMs: Object.fromEntries(
      run.steps.map((s) => [s.name, s.startedAt && s.endedAt ? cpu.at(s.endedAt.getTime()) - cpu.at(s.startedAt.getTime()) : 0]),
    ),
    rows: quality.reduce((s, q) => s + q.rowsIn, 0),
    kpisColdMs,
    kpisWarmMs,
  }));
  await closeDb();
}

const cpuMsSince = (c0: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
};

/**
 * The process's CPU time (every thread: DuckDB's workers too) sampled against the clock, so a step's
 * CPU time can be read between its recorded start and end. Samples are interpolated: PGlite's COPY
 * holds this thread, so the samples around job 3 may be a few hundred ms apart.
 */
function sampleCpu() {
  const c0 = process.cpuUsage();
  const samples: [number, number][] = [[Date.now(), 0]];
  const timer = setInterval(() => samples.push([Date.now(), cpuMsSince(c0)]), 50);
  return {
    stop() {
      clearInterval(timer);
      samples.push([Date.now(), cpuMsSince(c0)]);
    },
    at(t: number): number {
      const i = samples.findIndex(([ts]) => ts >= t);
      if (i <= 0) return i === 0 ? 0 : samples.at(-1)![1];
      const [ta, ca] = samples[i - 1]!;
      const [tb, cb] = samples[i]!;
      return tb === ta ? cb : ca + ((cb - ca) * (t - ta)) / (tb - ta);
    },
  };
}

void main().then(() => process.exit(0));
