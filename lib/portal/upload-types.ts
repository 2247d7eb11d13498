/** JSON shapes of /api/uploads/** as the browser sees them (`batch-views.ts` and the upload routes build these). */
import type { RunStatus } from "../contracts/status";
import type { QualitySummary } from "../backend/types";
import type { TableName } from "../contracts";

export type UploadTargetView =
  | { kind: "single"; key: string; url: string; method: "PUT"; headers: Record<string, string>; expiresAt: string }
  | { kind: "multipart"; key: string; uploadId: string; partSize: number; parts: { partNumber: number; url: string }[]; expiresAt: string };

export interface StartBatchResponse {
  batchId: string;
  files: { fileName: string; table: TableName; key: string; target: UploadTargetView }[];
}

export interface MultipartCompletion {
  key: string;
  uploadId: string;
  parts: { partNumber: number; etag: string }[];
}

/** A table's quality report as the browser gets it (no orphans or warnings on the upload page). */
export type RunTableView = Pick<QualitySummary, "table" | "status" | "rowsIn" | "rowsOut" | "rejected" | "duplicates" | "topReasons" | "error">;

export interface RunView {
  id: string;
  status: RunStatus;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  error: string | null;
  /** A held run: each quality-gate rule that failed, as a sentence. */
  held: string[];
  steps: { name: string; status: string }[];
  tables: RunTableView[];
}

export interface BatchView {
  id: string;
  month: string;
  status: "uploading" | "completed" | "cancelled";
  createdAt: string;
  createdBy: string | null;
  files: { table: string; alsoTable: string | null; fileName: string; size: number }[];
  runs: RunView[];
}

export interface ApiErrorBody {
  error?: { code?: string; message?: string; details?: unknown };
}
