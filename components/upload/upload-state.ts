import type { TransferView } from "./file-card";

export type Phase = "select" | "starting" | "uploading" | "completing" | "following" | "failed" | "cancelled";

export const IDLE: TransferView = { state: "idle", loaded: 0, attempt: 0 };

/** Where sending the batch stands; every change goes through uploadReducer. */
export interface UploadState {
  phase: Phase;
  transfers: Record<string, TransferView>;
  formError: string | null;
  monthError: string | undefined;
  batchId: string | null;
  runId: string | null;
}

export type UploadAction =
  | { type: "errors"; formError: string | null; monthError: string | undefined }
  | { type: "clearMonthError" }
  | { type: "starting"; transfers: Record<string, TransferView> }
  | { type: "opened"; batchId: string }
  | { type: "transfer"; id: string; patch: Partial<TransferView> }
  | { type: "retrying" }
  | { type: "completing" }
  | { type: "completed"; runId: string }
  | { type: "failed"; message: string; phase: "failed" | "select" }
  | { type: "cancelled" }
  | { type: "forgetBatch" }
  | { type: "reset" };

export const INITIAL_UPLOAD: UploadState = { phase: "select", transfers: {}, formError: null, monthError: undefined, batchId: null, runId: null };

export function uploadReducer(s: UploadState, a: UploadAction): UploadState {
  switch (a.type) {
    case "errors":
      return { ...s, formError: a.formError, monthError: a.monthError };
    case "clearMonthError":
      return { ...s, monthError: undefined };
    case "starting":
      return { ...s, transfers: a.transfers, phase: "starting" };
    case "opened":
      return { ...s, batchId: a.batchId, phase: "uploading" };
    case "transfer":
      return { ...s, transfers: { ...s.transfers, [a.id]: { ...(s.transfers[a.id] ?? IDLE), ...a.patch } } };
    case "retrying":
      return { ...s, formError: null, phase: "uploading" };
    case "completing":
      return { ...s, phase: "completing" };
    case "completed":
      return { ...s, runId: a.runId, phase: "following" };
    case "failed":
      return { ...s, phase: a.phase, formError: a.message };
    case "cancelled":
      return { ...s, phase: "cancelled", formError: null };
    case "forgetBatch":
      return { ...s, batchId: null };
    case "reset":
      // The month's error stays: the month field keeps its value too.
      return { ...s, transfers: {}, phase: "select", batchId: null, runId: null, formError: null };
  }
}

export const isBusy = (phase: Phase) => phase === "starting" || phase === "uploading" || phase === "completing";
