"use client";

import { useRouter } from "next/navigation";
import { useReducer, useState, type Dispatch } from "react";
import { useToast } from "@/components/ui/toast";
import { isMonth } from "@/lib/contracts/months";
import { AbortedError, isWrongMonth, overallProgress, type FileCheck } from "@/lib/upload-check";
import type { BatchView } from "@/lib/portal/upload-types";
import { ApiError } from "./transfer";
import { uploadApi, type StartBatchBody } from "./upload-api";
import { INITIAL_UPLOAD, IDLE, isBusy, uploadReducer, type UploadAction } from "./upload-state";
import type { BatchFiles, Entry } from "./use-batch-files";
import { useBatchList } from "./use-batch-list";
import { useFileSender } from "./use-file-sender";
import { useLeaveWarning } from "./use-leave-warning";

export { IDLE, type Phase } from "./upload-state";

type FileSender = ReturnType<typeof useFileSender>;
type SendAndComplete = (todo: Entry[], batchId: string, signal: AbortSignal, failure: string) => Promise<boolean>;

/**
 * Sending the batch: open it on the server (with its profile and each file's tables), PUT every file
 * with retries, complete it (the run starts), or cancel; then follow the run.
 */
export function useBatchUpload({ files, initialBatches }: { files: BatchFiles; initialBatches: BatchView[] }) {
  const toast = useToast();
  const [s, dispatch] = useReducer(uploadReducer, INITIAL_UPLOAD);
  const list = useBatchList(initialBatches);
  const sender = useFileSender((id, patch) => dispatch({ type: "transfer", id, patch }));
  const busy = isBusy(s.phase);
  // While files are on their way, leaving the page asks first.
  useLeaveWarning(busy, "Files are still being sent. Leave this page and stop sending them?");

  const sendable = files.entries.filter((e, i) => files.checks[i] && !files.checks[i]!.blocked && !e.readError);
  // Files whose rows are mostly of another month: Upload asks first (the run would quarantine them).
  const [askMonth, setAskMonth] = useState(false);
  const wrongMonth = sendable.filter((e) => isWrongMonth(files.checks[files.entries.indexOf(e)]!)).map((e) => e.file.name);
  const sendAndComplete = useSendAndComplete(dispatch, sender, list.refreshBatches);
  const send = useUploadAction({ files, sendable, dispatch, sender, sendAndComplete });
  const upload = async (anyway: boolean) => {
    if (!anyway && wrongMonth.length > 0 && isMonth(files.month)) return setAskMonth(true);
    setAskMonth(false);
    await send();
  };

  const retryFailed = async () => {
    const batchId = s.batchId;
    if (!batchId) return;
    const signal = sender.newSignal();
    const failed = sendable.filter((e) => s.transfers[e.id]?.state !== "uploaded");
    dispatch({ type: "retrying" });
    try {
      await sender.renewSingleUse(batchId, failed);
      await sendAndComplete(failed, batchId, signal, "Some files still could not be sent. Check your connection, then retry.");
    } catch (err) {
      if (signal.aborted) return;
      dispatch({ type: "failed", phase: "failed", message: err instanceof Error ? err.message : String(err) });
    }
  };

  const cancel = async () => {
    sender.abort();
    dispatch({ type: "cancelled" });
    toast.info("Upload cancelled", "Nothing was loaded. Your files are still listed if you want to try again.");
    if (s.batchId) {
      await uploadApi.cancel(s.batchId, sender.openMultiparts()).catch(() => {});
      void list.refreshBatches();
    }
    dispatch({ type: "forgetBatch" });
  };

  const reset = () => {
    files.reset();
    dispatch({ type: "reset" });
  };

  // An upload left open by a closed tab or a reload: nothing can finish it, so it can be discarded.
  const discard = async (batchId: string) => {
    await uploadApi.cancel(batchId, []).then(
      () => toast.info("Upload discarded", "Nothing of it was loaded."),
      (e: unknown) => toast.error("Could not discard the upload", e instanceof Error ? e.message : String(e)),
    );
    void list.refreshBatches();
  };

  const progress = overallProgress(sendable.map((e) => ({ loaded: s.transfers[e.id]?.loaded ?? 0, total: e.file.size })));
  const locked = busy || s.phase === "following" || s.phase === "failed";
  return {
    ...{ phase: s.phase, transfers: s.transfers, formError: s.formError, monthError: s.monthError, batchId: s.batchId, runId: s.runId },
    ...{ busy, locked, sendable, progress, retryFailed, cancel, reset, discard, batches: list.batches, onRunFinished: list.onRunFinished },
    upload: () => upload(false),
    /** The confirmation "Upload anyway" after the month question. */
    uploadAnyway: () => upload(true),
    /** Files that can be sent but whose rows are mostly of another month. */
    wrongMonth,
    /** The files Upload asked about, while the question stands. */
    // Also after a cancelled upload (the form is open again then).
    monthQuestion: askMonth && wrongMonth.length > 0 && !locked ? wrongMonth : null,
    clearMonthError: () => {
      setAskMonth(false);
      dispatch({ type: "clearMonthError" });
    },
  };
}

export type BatchUpload = ReturnType<typeof useBatchUpload>;

/** Sends the entries, then completes the batch (the run starts) unless some failed or it was cancelled; false when some failed. */
function useSendAndComplete(dispatch: Dispatch<UploadAction>, sender: FileSender, refreshBatches: () => Promise<void>): SendAndComplete {
  const toast = useToast();
  return async (todo, batchId, signal, failure) => {
    const ok = await sender.send(todo, batchId, signal);
    if (signal.aborted) return true;
    if (!ok) {
      dispatch({ type: "failed", phase: "failed", message: failure });
      return false;
    }
    dispatch({ type: "completing" });
    dispatch({ type: "completed", runId: await uploadApi.complete(batchId, sender.completions()) });
    toast.success("Upload complete", "The run has started. Follow it here or open it.");
    void refreshBatches();
    return true;
  };
}

/** Upload: checks the batch can go, opens it on the server, sends its files and completes it. */
function useUploadAction(d: { files: BatchFiles; sendable: Entry[]; dispatch: Dispatch<UploadAction>; sender: FileSender; sendAndComplete: SendAndComplete }) {
  const toast = useToast();
  const router = useRouter();
  const { files, sendable, dispatch, sender } = d;
  const { entries, checks } = files;
  return async () => {
    const errors = readiness(files.month, entries, checks, sendable.length);
    dispatch({ type: "errors", ...errors });
    if (errors.formError || errors.monthError) return;
    const signal = sender.newSignal();
    sender.clear();
    dispatch({ type: "starting", transfers: Object.fromEntries(entries.map((e) => [e.id, sendable.includes(e) ? IDLE : { ...IDLE, state: "skipped" as const }])) });
    let batchId: string | null = null;
    try {
      const checkOf = (e: Entry) => checks[entries.indexOf(e)]!;
      const started = await uploadApi.start(startBody(files, sendable, checkOf));
      batchId = started.batchId;
      dispatch({ type: "opened", batchId });
      sender.setTargets(started, sendable, (e) => checkOf(e).table);
      const ok = await d.sendAndComplete(sendable, batchId, signal, "Some files could not be sent after several tries. Retry them, or cancel and start again.");
      if (!ok) toast.error("Upload interrupted", "Some files could not be sent.");
    } catch (err) {
      if (signal.aborted || err instanceof AbortedError) return;
      const message = err instanceof Error ? err.message : String(err);
      dispatch({ type: "failed", phase: batchId ? "failed" : "select", message });
      toast.error(batchId ? "Could not complete the upload" : "Could not start the upload", message);
      if (err instanceof ApiError && err.status === 401) router.push("/login?callbackUrl=/upload");
    }
  };
}

/** Why the batch can't be sent yet: the month first, then the files. */
function readiness(month: string, entries: Entry[], checks: (FileCheck | null)[], sendableCount: number): { formError: string | null; monthError: string | undefined } {
  if (!isMonth(month)) return { formError: null, monthError: "Enter the month these files are for, as YYYY-MM." };
  const formError =
    entries.length === 0
      ? "Add the month’s CSV files first: drop them on the zone or browse."
      : checks.some((c) => c === null)
        ? "Still checking the files — try again in a moment."
        : sendableCount === 0
          ? "None of the files can be sent: fix the errors shown on each file, map them, or choose the right table."
          : null;
  return { formError, monthError: undefined };
}

function startBody(files: BatchFiles, sendable: Entry[], checkOf: (e: Entry) => FileCheck): StartBatchBody {
  return {
    month: files.month,
    ...(files.active ? { profileId: files.active.id } : {}),
    files: sendable.map((e) => ({ fileName: e.file.name, size: e.file.size, table: checkOf(e).table!, alsoTable: checkOf(e).alsoTable, contentType: "text/csv" })),
  };
}
