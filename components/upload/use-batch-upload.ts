"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { useToast } from "@/components/ui/toast";
import { isMonth } from "@/lib/contracts/months";
import { AbortedError, overallProgress } from "@/lib/upload-check";
import type { BatchView, MultipartCompletion, RunView, UploadTargetView } from "./api-types";
import type { TransferView } from "./file-card";
import { runStatusText } from "./run-status";
import { ApiError, runLimited, sendFile } from "./transfer";
import { uploadApi } from "./upload-api";
import type { BatchFiles, Entry } from "./use-batch-files";

export type Phase = "select" | "starting" | "uploading" | "completing" | "following" | "failed" | "cancelled";

export const IDLE: TransferView = { state: "idle", loaded: 0, attempt: 0 };
const FILES_AT_ONCE = 2;

/**
 * Sending the batch: open it on the server (with its profile and each file's tables), PUT every file
 * with retries, complete it (the run starts), or cancel; then follow the run.
 */
export function useBatchUpload({ files, initialBatches }: { files: BatchFiles; initialBatches: BatchView[] }) {
  const toast = useToast();
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>("select");
  const [transfers, setTransfers] = useState<Record<string, TransferView>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [monthError, setMonthError] = useState<string | undefined>();
  const [batchId, setBatchId] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const [batches, setBatches] = useState(initialBatches);
  const abortRef = useRef<AbortController | null>(null);
  // Per entry: where its bytes go, and (multipart) the ETags once sent.
  const targetsRef = useRef(new Map<string, { key: string; target: UploadTargetView }>());
  const multipartRef = useRef(new Map<string, MultipartCompletion>());

  const { entries, checks } = files;
  const busy = phase === "starting" || phase === "uploading" || phase === "completing";
  const locked = busy || phase === "following" || phase === "failed";
  const sendable = entries.filter((e, i) => checks[i] && !checks[i]!.blocked && !e.readError);
  const progress = overallProgress(sendable.map((e) => ({ loaded: transfers[e.id]?.loaded ?? 0, total: e.file.size })));

  useEffect(() => {
    if (!busy) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [busy]);

  const setTransfer = (id: string, patch: Partial<TransferView>) => setTransfers((prev) => ({ ...prev, [id]: { ...(prev[id] ?? IDLE), ...patch } }));

  const refreshBatches = useCallback(async () => {
    try {
      setBatches(await uploadApi.listBatches());
    } catch {
      // The list is a convenience; the run panel already shows the outcome.
    }
  }, []);

  /** Sends the given entries to their targets; true when all arrived. */
  const sendEntries = async (list: Entry[], currentBatch: string, signal: AbortSignal): Promise<boolean> => {
    for (const e of list) setTransfer(e.id, { state: "queued", loaded: 0, attempt: 0, message: undefined });
    const results = await runLimited(list, FILES_AT_ONCE, async (e) => {
      const t = targetsRef.current.get(e.id);
      if (!t) throw new Error("No upload target for this file");
      setTransfer(e.id, { state: "uploading" });
      try {
        const done = await sendFile(e.file, t.target, {
          signal,
          onProgress: (loaded) => setTransfer(e.id, { loaded }),
          onRetry: (attempt, message) => setTransfer(e.id, { state: "retrying", attempt, message: `${message} — retrying` }),
          refreshTarget: async () => {
            const [fresh] = await uploadApi.targets(currentBatch, [t.key]);
            setTransfer(e.id, { state: "uploading" });
            return fresh!;
          },
        });
        if (done) multipartRef.current.set(e.id, done);
        setTransfer(e.id, { state: "uploaded", loaded: e.file.size, message: undefined });
      } catch (err) {
        if (err instanceof AbortedError) setTransfer(e.id, { state: "cancelled", message: undefined });
        else setTransfer(e.id, { state: "failed", message: err instanceof Error ? err.message : String(err) });
        throw err;
      }
    });
    return results.every((r) => r.status === "fulfilled");
  };

  const complete = async (currentBatch: string) => {
    setPhase("completing");
    setRunId(await uploadApi.complete(currentBatch, [...multipartRef.current.values()]));
    setPhase("following");
    toast.success("Upload complete", "The run has started. Follow it here or open it.");
    void refreshBatches();
  };

  const upload = async () => {
    setFormError(null);
    if (!isMonth(files.month)) return setMonthError("Enter the month these files are for, as YYYY-MM.");
    setMonthError(undefined);
    if (entries.length === 0) return setFormError("Add the month’s CSV files first: drop them on the zone or browse.");
    if (checks.some((c) => c === null)) return setFormError("Still checking the files — try again in a moment.");
    if (sendable.length === 0) return setFormError("None of the files can be sent: fix the errors shown on each file, map them, or choose the right table.");
    const abort = new AbortController();
    abortRef.current = abort;
    targetsRef.current.clear();
    multipartRef.current.clear();
    setTransfers(Object.fromEntries(entries.map((e) => [e.id, sendable.includes(e) ? IDLE : { ...IDLE, state: "skipped" as const }])));
    setPhase("starting");
    let currentBatch: string | null = null;
    try {
      const checkOf = (e: Entry) => checks[entries.indexOf(e)]!;
      const started = await uploadApi.start({
        month: files.month,
        ...(files.active ? { profileId: files.active.id } : {}),
        files: sendable.map((e) => ({ fileName: e.file.name, size: e.file.size, table: checkOf(e).table!, alsoTable: checkOf(e).alsoTable, contentType: "text/csv" })),
      });
      currentBatch = started.batchId;
      setBatchId(started.batchId);
      for (const e of sendable) {
        const f = started.files.find((x) => x.table === checkOf(e).table);
        if (f) targetsRef.current.set(e.id, { key: f.key, target: f.target });
      }
      setPhase("uploading");
      const ok = await sendEntries(sendable, started.batchId, abort.signal);
      if (abort.signal.aborted) return;
      if (!ok) {
        setPhase("failed");
        setFormError("Some files could not be sent after several tries. Retry them, or cancel and start again.");
        toast.error("Upload interrupted", "Some files could not be sent.");
        return;
      }
      await complete(started.batchId);
    } catch (err) {
      if (abort.signal.aborted || err instanceof AbortedError) return;
      const message = err instanceof Error ? err.message : String(err);
      setPhase(currentBatch ? "failed" : "select");
      setFormError(message);
      toast.error(currentBatch ? "Could not complete the upload" : "Could not start the upload", message);
      if (err instanceof ApiError && err.status === 401) router.push("/login?callbackUrl=/upload");
    }
  };

  const retryFailed = async () => {
    if (!batchId) return;
    setFormError(null);
    const abort = new AbortController();
    abortRef.current = abort;
    const failed = sendable.filter((e) => transfers[e.id]?.state !== "uploaded");
    setPhase("uploading");
    try {
      // Single-use upload URLs may have been spent by the failed attempt: ask for fresh ones.
      const keys = failed.flatMap((e) => {
        const t = targetsRef.current.get(e.id);
        return t && t.target.kind === "single" ? [t.key] : [];
      });
      if (keys.length > 0) {
        for (const t of await uploadApi.targets(batchId, keys)) {
          const id = [...targetsRef.current.entries()].find(([, v]) => v.key === t.key)?.[0];
          if (id) targetsRef.current.set(id, { key: t.key, target: t });
        }
      }
      const ok = await sendEntries(failed, batchId, abort.signal);
      if (abort.signal.aborted) return;
      if (!ok) {
        setPhase("failed");
        setFormError("Some files still could not be sent. Check your connection, then retry.");
        return;
      }
      await complete(batchId);
    } catch (err) {
      if (abort.signal.aborted) return;
      setPhase("failed");
      setFormError(err instanceof Error ? err.message : String(err));
    }
  };

  const cancel = async () => {
    abortRef.current?.abort();
    setPhase("cancelled");
    setFormError(null);
    toast.info("Upload cancelled", "Nothing was loaded. Your files are still listed if you want to try again.");
    if (batchId) {
      const multipart = [...targetsRef.current.values()].flatMap((t) => (t.target.kind === "multipart" ? [{ key: t.key, uploadId: t.target.uploadId }] : []));
      await uploadApi.cancel(batchId, multipart).catch(() => {});
      void refreshBatches();
    }
    setBatchId(null);
  };

  const reset = () => {
    files.reset();
    setTransfers({});
    setPhase("select");
    setBatchId(null);
    setRunId(null);
    setFormError(null);
  };

  const onRunFinished = useCallback(
    (run: RunView) => {
      const text = runStatusText(run.status);
      if (run.status === "succeeded") toast.success(`Run ${text.toLowerCase()}`, "The month is loaded. The dashboards show it now.");
      else if (run.status === "partial") toast.info("Run finished with problems", "Some tables failed or rows were quarantined; see the table below.");
      else toast.error("Run failed", run.error ?? "Open the run to read the logs.");
      void refreshBatches();
    },
    [toast, refreshBatches],
  );

  return {
    phase,
    busy,
    locked,
    transfers,
    formError,
    monthError,
    clearMonthError: () => setMonthError(undefined),
    batchId,
    runId,
    batches,
    sendable,
    progress,
    upload,
    retryFailed,
    cancel,
    reset,
    onRunFinished,
  };
}

export type BatchUpload = ReturnType<typeof useBatchUpload>;
