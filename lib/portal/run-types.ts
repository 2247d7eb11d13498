/**
 * The JSON shapes the run pages receive (server → client, also GET /api/runs/...). Dates are ISO
 * strings so the same object serialises for polling. No server imports: client components use these.
 */
import type { QualitySummary } from "../backend/types";

export type { RunStatus, StepStatus } from "../contracts/status";
import type { RunStatus, StepStatus } from "../contracts/status";
import type { GateDecision } from "../contracts/gate";

export interface RunStepDto {
  name: string;
  label: string;
  status: StepStatus;
  attempt: number;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  error: string | null;
  /** Median duration of this step over earlier runs that succeeded at it (null: no history yet). */
  medianMs: number | null;
}

export type QualityDto = QualitySummary;

export interface CostDto {
  totalUsd: number;
  lines: { service: string; usd: number; detail: string }[];
  assumptions: string;
}

export interface RunSummaryDto {
  id: string;
  batchId: string;
  month: string;
  status: RunStatus;
  trigger: string;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  uploadedBy: string | null;
  retryOfId: string | null;
}

export interface RunDetailDto extends RunSummaryDto {
  executionName: string;
  error: string | null;
  steps: RunStepDto[];
  /** First failed step (the page opens on it). */
  failedStep: string | null;
  /** Median total duration of earlier finished runs. */
  medianDurationMs: number | null;
  quality: QualityDto[];
  cost: CostDto;
  files: { table: string; fileName: string; size: number }[];
  /** The quality gate's decision, once it ran: the rules that failed, with their figures. */
  gate: GateDecision | null;
  /** What the viewer may do here (server decides; the API enforces again). */
  can: { retry: boolean; rerun: boolean; publish: boolean };
  /** Server time of this snapshot, so the timeline can extend running bars without clock skew. */
  now: string;
}
