import type { QualitySummary } from "../../backend/types";
import type { LakeStorage } from "../../lake/storage";
import type { BatchManifest } from "../../lake/manifest";
import type { BatchPlan } from "../plan/batch-plan";
import type { GateFigures } from "../../contracts/gate";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type JobLog = (level: LogLevel, message: string) => void;

/** What every job gets: the lake, the batch, a scratch folder and a logger (stored per step). */
export interface JobContext {
  lake: LakeStorage;
  manifest: BatchManifest;
  executionName: string;
  /** The run's name: a retry execution continues the run of its first execution (reports, staging). */
  runName: string;
  /** The read plan ValidateBatch made (job 1); read from the lake when absent. */
  plan?: BatchPlan;
  timeZone: string;
  /** Scratch folder for this job run (staging files; removed afterwards). */
  workDir: string;
  log: JobLog;
}

export interface TableQuality extends QualitySummary {
  status: "ok" | "failed" | "skipped";
  file: string | null;
}

export interface Job1Result {
  tables: TableQuality[];
  durationMs: number;
}

export interface Job2Result {
  tables: { table: string; rows: number }[];
  orphans: Record<string, number>;
  figures: GateFigures;
  durationMs: number;
}

export interface Job3Result {
  tables: { table: string; rows: number }[];
  durationMs: number;
}
