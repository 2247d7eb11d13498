import type { LakeStorage } from "../lake/storage";

/** App-owned shapes that every backend converts its vendor responses into. */
import type { GateTable } from "../contracts/gate";
import type { RunStatus, StepStatus } from "../contracts/status";

export type { RunStatus, StepStatus } from "../contracts/status";

/**
 * The state machine's task states, in order (infra/state-machine.asl.json). Jobs 1 and 2 build the month
 * in the run's staging area; the gate decides; job 3 publishes it (database and lake); the crawls then
 * describe what is published.
 */
export const STEP_NAMES = [
  "ValidateBatch",
  "Job1RawToProcessed",
  "Job2ProcessedToCurated",
  "QualityGate",
  "Job3CuratedToDatabase",
  "CrawlProcessed",
  "CrawlCurated",
  "PublishRunSummary",
] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** One table's data-quality report of a run: jobs write it, the database keeps it, the portal shows it. */
export interface QualitySummary extends GateTable {
  orphans: number;
  /** Most frequent first. */
  topReasons: { reason: string; count: number }[];
  warnings: string[];
}

export interface ExecutionStep {
  name: string;
  status: StepStatus;
  startedAt: Date | null;
  endedAt: Date | null;
  error: string | null;
  /** e.g. a Glue JobRunId on AWS. */
  externalId: string | null;
  attempt: number;
}

export interface ExecutionInfo {
  executionId: string;
  name: string;
  status: RunStatus;
  startedAt: Date;
  endedAt: Date | null;
  error: string | null;
  steps: ExecutionStep[];
  /**
   * Set when this execution retries a run from this step: the steps before it (but ValidateBatch, which
   * every execution runs) completed in an earlier execution of the run and are reported as succeeded.
   */
  resumedFrom: StepName | null;
}

export interface StartRequest {
  batchId: string;
  month: string;
  manifestKey: string;
  /** Execution name; defaults to one derived from the batch id (idempotent). */
  name?: string;
}

export interface Orchestrator {
  start(req: StartRequest): Promise<{ executionId: string }>;
  findExecutionForBatch(batchId: string): Promise<string | null>;
  describe(executionId: string): Promise<ExecutionInfo>;
  /**
   * Re-runs a failed (or partial) execution from its failed step. Returns the execution that now carries
   * the run: the same one when it could be redriven in place, else a new execution that resumes there.
   */
  redrive(executionId: string): Promise<{ executionId: string }>;
}

export interface LogLineView {
  ts: Date;
  level: "debug" | "info" | "warn" | "error";
  step: string;
  message: string;
}

export interface JobLogs {
  read(runId: string, step: string, opts?: { after?: string; limit?: number }): Promise<{ lines: LogLineView[]; next: string | null }>;
}

export type SqlValue = string | number | boolean | null;
export type SqlRow = Record<string, SqlValue>;

export interface Analytics {
  /** Runs a named query file of lib/analytics/sql with typed parameters. */
  query(name: string, params: Record<string, string | number>): Promise<SqlRow[]>;
  /** Months that have curated data, newest first. */
  months(): Promise<string[]>;
}

export interface CatalogColumn {
  name: string;
  type: string;
}

export interface CatalogTable {
  layer: "raw" | "processed" | "curated";
  name: string;
  columns: CatalogColumn[];
  partitions: { month: string; rows: number; files: number; bytes: number }[];
  rowCount: number;
  updatedAt: Date | null;
}

export interface Catalog {
  refresh(layer: "processed" | "curated"): Promise<CatalogTable[]>;
  list(): Promise<CatalogTable[]>;
}

export interface Backend {
  kind: "local" | "aws";
  lake: LakeStorage;
  orchestrator: Orchestrator;
  logs: JobLogs;
  analytics: Analytics;
  catalog: Catalog;
  /** Called after the manifest is written: local starts the run in-process; on AWS EventBridge does. */
  onManifestWritten(req: StartRequest): Promise<void>;
  /**
   * Copies the state of a run executed outside this process (AWS) into the run's rows, so the portal and
   * `npm run pipeline` read runs the same way on both backends; the local runner writes them as it goes.
   */
  syncRun(runId: string): Promise<void>;
  /** After a retry: the run follows the execution that now carries it (the one `redrive` answered). */
  followExecution(runId: string, executionId: string): Promise<void>;
  /**
   * How long a caller waiting for a run sleeps between polls at the most. Each poll queries the database;
   * locally that runs on the thread the pipeline's callbacks need.
   */
  pollIntervalMs: number;
  /** Where the backend's own signed upload URLs write (local); null where uploads go straight to object storage (S3). */
  uploadReceiver: UploadReceiver | null;
  /** Resolves when the run may have changed (locally: a run executed in this process says so), or after `maxMs`. */
  untilRunChanges(runId: string, maxMs: number): Promise<void>;
  /** Stops the backend's timers and waits for the work this process started (runs, notifications): shutdown, tests. */
  close(): Promise<void>;
}

/** Receives the body of a signed upload: exactly `size` bytes under `key`, written once; returns the bytes received. */
export interface UploadReceiver {
  /**
   * Refuses (507) `bytes` more that the disk cannot take while keeping its reserve free, beside the
   * `pending` bytes other open uploads have announced: said before the upload starts, not as a failed
   * write halfway through it.
   */
  ensureRoom(bytes: number, pending?: number): Promise<void>;
  /**
   * `beforeWrite` runs once all bytes arrived, just before the object appears under `key`; if it throws
   * (the batch was cancelled while the body streamed), nothing is written and its error is the answer.
   */
  receiveUpload(key: string, source: AsyncIterable<Uint8Array>, size: number, id: string, beforeWrite?: () => Promise<void>): Promise<number>;
}
