import path from "node:path";
import { untilRunChanges } from "./orchestrator/run-changes";
import type { Backend, JobLogs } from "../backend/types";
import type { AppConfig } from "../config";
import { appSecret } from "../config/secret";
import { isFinishedStep } from "../contracts/status";
import { readLogs } from "../db/logs";
import { getRun } from "../db/runs";
import { AppError } from "../errors";
import { startMissingMonthTicker } from "../notify/missing-month-ticker";
import { notificationsSettled } from "../notify/notify";
import { DuckDbAnalytics } from "./duckdb-analytics";
import { LocalCatalog } from "./local-catalog";
import { LocalLakeStorage } from "./local-storage";
import { LocalOrchestrator } from "./orchestrator/local-orchestrator";
import { recoverInterruptedRuns } from "./recovery";

const RECOVERY_INTERVAL_MS = 30_000;

const isRowCursor = (s: string): boolean => /^\d{1,19}$/.test(s) && BigInt(s) <= 9223372036854775807n;

/** The embedded default: lake on disk, the ASL run in-process, DuckDB for jobs and analytics. */
export function createLocalBackend(c: AppConfig): Backend {
  const dataDir = path.resolve(c.DATA_DIR);
  const lake = new LocalLakeStorage(path.join(dataDir, "lake"), {
    uploadBaseUrl: c.APP_URL ?? "",
    secret: appSecret(),
    ttlSeconds: c.UPLOAD_URL_TTL_SECONDS,
    minFreeBytes: c.LOCAL_MIN_FREE_DISK_MB * 1024 * 1024,
  });
  const catalog = new LocalCatalog(lake, c.BUSINESS_TIMEZONE);
  const workRoot = path.join(dataDir, "work");
  const orchestrator = new LocalOrchestrator({ lake, catalog, timeZone: c.BUSINESS_TIMEZONE, workRoot });
  // A run whose process died (kill -9, a crash) must not stay "running": at start-up and then twice a minute.
  const recover = () => recoverInterruptedRuns(orchestrator, new Date(), workRoot).catch((e: unknown) => console.error("[recovery] failed:", e, (e as Error)?.stack));
  let recovering = recover();
  const recoveryTimer = setInterval(() => (recovering = recover()), RECOVERY_INTERVAL_MS);
  recoveryTimer.unref();
  const stopTicker = startMissingMonthTicker(c.BUSINESS_TIMEZONE);
  const logs: JobLogs = {
    async read(runId, step, opts) {
      // Cursors here are row ids, or "0" (a step with no line yet: follow it from the start).
      if (opts?.after !== undefined && !isRowCursor(opts.after)) throw new AppError(400, "bad_cursor", "after must be the next of a previous page of this log");
      const page = await readLogs(runId, step, { afterId: opts?.after ?? null, limit: opts?.limit ?? 500 });
      // The end of a finished step's log is final (next = null); a running step is followed from `next`.
      const finished = !page.hasMore && isFinishedStep((await getRun(runId))?.steps.find((s) => s.name === step)?.status ?? "pending");
      return { lines: page.lines.map((l) => ({ ts: l.ts, level: l.level, step: l.step, message: l.message })), next: finished ? null : page.next ?? opts?.after ?? "0" };
    },
  };
  return {
    kind: "local",
    lake,
    orchestrator,
    logs,
    analytics: new DuckDbAnalytics(lake, c.BUSINESS_TIMEZONE),
    catalog,
    async onManifestWritten(req) {
      await orchestrator.start(req);
    },
    // The in-process runner writes the run's rows as it goes: nothing to copy, nothing to follow.
    syncRun: async () => {},
    followExecution: async () => {},
    // A run of this process wakes its waiters; the poll only catches a run another process executes.
    pollIntervalMs: 1000,
    untilRunChanges,
    uploadReceiver: lake,
    async close() {
      clearInterval(recoveryTimer);
      stopTicker();
      await recovering;
      await orchestrator.idle();
      await notificationsSettled();
    },
  };
}
