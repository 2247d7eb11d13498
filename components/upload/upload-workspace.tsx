"use client";

import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { UploadIcon } from "@/components/ui/icons";
import { useToast } from "@/components/ui/toast";
import type { TableName } from "@/lib/contracts";
import { MONTH_PATTERN } from "@/lib/lake/keys";
import {
  AbortedError,
  checkSample,
  readSampleFile,
  formatBytes,
  guessMonth,
  overallProgress,
  readSample,
  tableChecklist,
  withBatchIssues,
  type FileCheck,
  type FileSample,
} from "@/lib/upload-check";
import type { BatchView, MultipartCompletion, RunView, StartBatchResponse, UploadTargetView } from "./api-types";
import { DropZone } from "./drop-zone";
import { FileCard, type TransferView } from "./file-card";
import { MyUploads } from "./my-uploads";
import { ProgressBar } from "./progress-bar";
import { RunPanel } from "./run-panel";
import { runStatusText } from "./run-status";
import { TableChecklist } from "./table-checklist";
import { ApiError, apiJson, runLimited, sendFile } from "./transfer";
import { expandZips } from "./unzip-files";
import { monthLabel } from "./format";

interface Entry {
  id: string;
  file: File;
  sample: FileSample | null;
  readError?: string;
  override: TableName | null;
}

type Phase = "select" | "starting" | "uploading" | "completing" | "following" | "failed" | "cancelled";

const IDLE: TransferView = { state: "idle", loaded: 0, attempt: 0 };
const FILES_AT_ONCE = 2;

export function UploadWorkspace({ initialBatches, timeZone }: { initialBatches: BatchView[]; timeZone: string }) {
  const toast = useToast();
  const router = useRouter();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [month, setMonth] = useState("");
  const [monthTouched, setMonthTouched] = useState(false);
  const [monthError, setMonthError] = useState<string | undefined>();
  const [transfers, setTransfers] = useState<Record<string, TransferView>>({});
  const [phase, setPhase] = useState<Phase>("select");
  const [formError, setFormError] = useState<string | null>(null);
  const [batchId, setBatchId] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const [batches, setBatches] = useState(initialBatches);

  const nextId = useRef(1);
  const abortRef = useRef<AbortController | null>(null);
  // Per entry: where its bytes go, and (multipart) the ETags once sent.
  const targetsRef = useRef(new Map<string, { key: string; target: UploadTargetView }>());
  const multipartRef = useRef(new Map<string, MultipartCompletion>());

  const busy = phase === "starting" || phase === "uploading" || phase === "completing";
  const locked = busy || phase === "following" || phase === "failed";

  // Until the user types a month, suggest one from the files.
  const guessed = useMemo(() => {
    if (monthTouched) return null;
    return guessMonth(
      entries.map((e) => ({
        fileName: e.file.name,
        table: e.override ?? null,
        read: e.sample ? readSampleFile(e.sample.bytes, e.sample.complete, null) : null,
      })),
      timeZone,
    );
  }, [entries, monthTouched, timeZone]);
  const effectiveMonth = monthTouched ? month : (guessed ?? month);

  const checks = useMemo(() => {
    const raw = entries.map((e) =>
      e.sample
        ? checkSample(readSampleFile(e.sample.bytes, e.sample.complete, null), {
            fileName: e.file.name,
            size: e.file.size,
            tableOverride: e.override,
            month: MONTH_PATTERN.test(effectiveMonth) ? effectiveMonth : null,
            timeZone,
          })
        : null,
    );
    const present = raw.filter((c): c is FileCheck => c !== null);
    const withBatch = withBatchIssues(present);
    let k = 0;
    return raw.map((c) => (c ? withBatch[k++]! : null));
  }, [entries, effectiveMonth, timeZone]);

  const checklist = useMemo(
    () => tableChecklist(checks.flatMap((c) => (c ? [c] : []))),
    [checks],
  );

  const sendable = entries.filter((e, i) => checks[i] && !checks[i]!.blocked && !e.readError);
  const blockedCount = entries.length - sendable.length - checks.filter((c) => c === null).length;
  const sendBytes = sendable.reduce((s, e) => s + e.file.size, 0);
  const progress = overallProgress(sendable.map((e) => ({ loaded: transfers[e.id]?.loaded ?? 0, total: e.file.size })));

  useEffect(() => {
    if (!busy) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [busy]);

  const addFiles = useCallback(
    async (picked: File[]) => {
      setFormError(null);
      const { files, errors } = await expandZips(picked);
      for (const e of errors) toast.error("Could not read a file", e);
      const fresh: Entry[] = [];
      for (const f of files) {
        if ([...entries, ...fresh].some((e) => e.file.name === f.name && e.file.size === f.size)) continue;
        fresh.push({ id: `f${nextId.current++}`, file: f, sample: null, override: null });
      }
      if (fresh.length < files.length) toast.info("Already in the list", "Files already added were skipped.");
      setEntries((prev) => [...prev, ...fresh]);
      await Promise.all(
        fresh.map(async (entry) => {
          try {
            const sample = await readSample(entry.file);
            setEntries((prev) => prev.map((e) => (e.id === entry.id ? { ...e, sample } : e)));
          } catch {
            setEntries((prev) => prev.map((e) => (e.id === entry.id ? { ...e, readError: "The browser could not read this file." } : e)));
          }
        }),
      );
    },
    [toast, entries],
  );

  const setTransfer = (id: string, patch: Partial<TransferView>) =>
    setTransfers((prev) => ({ ...prev, [id]: { ...(prev[id] ?? IDLE), ...patch } }));

  const refreshBatches = useCallback(async () => {
    try {
      const { batches } = await apiJson<{ batches: BatchView[] }>("/api/uploads");
      setBatches(batches);
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
            const { targets } = await apiJson<{ targets: UploadTargetView[] }>(`/api/uploads/${currentBatch}/targets`, {
              method: "POST",
              body: JSON.stringify({ keys: [t.key] }),
            });
            setTransfer(e.id, { state: "uploading" });
            return targets[0]!;
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
    const { runId } = await apiJson<{ runId: string }>(`/api/uploads/${currentBatch}/complete`, {
      method: "POST",
      body: JSON.stringify({ multipart: [...multipartRef.current.values()] }),
    });
    setRunId(runId);
    setPhase("following");
    toast.success("Upload complete", "The run has started. Follow it here or open it.");
    void refreshBatches();
  };

  const cancelOnServer = async (currentBatch: string) => {
    const multipart = [...targetsRef.current.values()]
      .filter((t) => t.target.kind === "multipart")
      .map((t) => ({ key: t.key, uploadId: (t.target as Extract<UploadTargetView, { kind: "multipart" }>).uploadId }));
    await apiJson(`/api/uploads/${currentBatch}`, { method: "DELETE", body: JSON.stringify({ multipart }) }).catch(() => {});
  };

  const onUpload = async () => {
    setFormError(null);
    if (!MONTH_PATTERN.test(effectiveMonth)) {
      setMonthError("Enter the month these files are for, as YYYY-MM.");
      return;
    }
    setMonthError(undefined);
    if (entries.length === 0) {
      setFormError("Add the month’s CSV files first: drop them on the zone or browse.");
      return;
    }
    if (checks.some((c) => c === null)) {
      setFormError("Still checking the files — try again in a moment.");
      return;
    }
    if (sendable.length === 0) {
      setFormError("None of the files can be sent: fix the errors shown on each file, or choose the right table.");
      return;
    }
    const abort = new AbortController();
    abortRef.current = abort;
    targetsRef.current.clear();
    multipartRef.current.clear();
    setTransfers(Object.fromEntries(entries.map((e) => [e.id, sendable.includes(e) ? IDLE : { ...IDLE, state: "skipped" as const }])));
    setPhase("starting");
    let currentBatch: string | null = null;
    try {
      const started = await apiJson<StartBatchResponse>("/api/uploads", {
        method: "POST",
        body: JSON.stringify({
          month: effectiveMonth,
          files: sendable.map((e) => ({
            fileName: e.file.name,
            size: e.file.size,
            table: checks[entries.indexOf(e)]!.table!,
            contentType: "text/csv",
          })),
        }),
      });
      currentBatch = started.batchId;
      setBatchId(started.batchId);
      for (const e of sendable) {
        const table = checks[entries.indexOf(e)]!.table!;
        const f = started.files.find((x) => x.table === table);
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

  const onRetryFailed = async () => {
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
        const { targets } = await apiJson<{ targets: UploadTargetView[] }>(`/api/uploads/${batchId}/targets`, {
          method: "POST",
          body: JSON.stringify({ keys }),
        });
        for (const t of targets) {
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

  const onCancel = async () => {
    abortRef.current?.abort();
    setPhase("cancelled");
    setFormError(null);
    toast.info("Upload cancelled", "Nothing was loaded. Your files are still listed if you want to try again.");
    if (batchId) {
      await cancelOnServer(batchId);
      void refreshBatches();
    }
    setBatchId(null);
  };

  const reset = () => {
    setEntries([]);
    setTransfers({});
    setPhase("select");
    setBatchId(null);
    setRunId(null);
    setFormError(null);
    setMonth("");
    setMonthTouched(false);
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

  return (
    <div className="space-y-6">
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_19rem]">
        <div className="min-w-0 space-y-6">
          {runId && batchId ? <RunPanel key={runId} batchId={batchId} runId={runId} onFinished={onRunFinished} /> : null}

          <Card>
            <CardHeader
              title={phase === "following" ? "Batch sent" : "New batch"}
              description={
                phase === "following"
                  ? "The run above is loading it into the lake."
                  : "Checked in your browser first — nothing is sent until you press Upload."
              }
              actions={
                phase === "following" ? (
                  <Button variant="secondary" size="sm" onClick={reset}>
                    Upload another batch
                  </Button>
                ) : null
              }
            />
            {phase === "following" ? (
              <SentSummary
                month={effectiveMonth}
                sent={sendable.map((e) => ({ name: e.file.name, size: e.file.size, table: checks[entries.indexOf(e)]?.table ?? null }))}
                skipped={entries.filter((e) => !sendable.includes(e)).map((e) => e.file.name)}
              />
            ) : (
            <div className="space-y-5 px-5 py-5">
              <TextField
                label="Month"
                name="month"
                type="month"
                placeholder="YYYY-MM"
                pattern="\d{4}-\d{2}"
                className="max-w-xs"
                value={effectiveMonth}
                disabled={locked}
                error={monthError}
                hint={!monthTouched && guessed ? "Suggested from the files — change it if it is wrong." : "The month the data belongs to (YYYY-MM)."}
                onChange={(e) => {
                  setMonth(e.target.value);
                  setMonthTouched(true);
                  setMonthError(undefined);
                }}
              />

              <DropZone onFiles={addFiles} disabled={locked} />

              {entries.length > 0 ? (
                <ul aria-label="Selected files" className="space-y-3">
                  {entries.map((e, i) => (
                    <FileCard
                      key={e.id}
                      fileName={e.file.name}
                      size={e.file.size}
                      check={checks[i] ?? null}
                      readError={e.readError}
                      transfer={transfers[e.id] ?? IDLE}
                      locked={locked}
                      onTable={(table) => setEntries((prev) => prev.map((x) => (x.id === e.id ? { ...x, override: table } : x)))}
                      onRemove={() => setEntries((prev) => prev.filter((x) => x.id !== e.id))}
                    />
                  ))}
                </ul>
              ) : null}

              {formError ? (
                <Alert tone="danger" title={phase === "failed" ? "Upload not finished" : "Can’t upload yet"}>
                  {formError}
                </Alert>
              ) : null}
            </div>
            )}

            {phase === "following" ? null : (
            <div className="flex flex-wrap items-center gap-x-4 gap-y-3 rounded-b-lg border-t border-border bg-surface-2/40 px-5 py-4">
              <div className="min-w-0 flex-1 text-sm text-muted" aria-live="polite">
                {busy || (phase === "failed" && batchId) ? (
                  <div className="flex items-center gap-3">
                    <ProgressBar value={progress.fraction} label="Overall upload" className="max-w-md" />
                    <span className="shrink-0 tabular-nums">
                      {phase === "completing" ? "Starting the run…" : `${Math.round(progress.fraction * 100)}% · ${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`}
                    </span>
                  </div>
                ) : entries.length === 0 ? (
                  "No files yet."
                ) : (
                  <>
                    <span className="font-medium text-fg">
                      {sendable.length} of {entries.length} {entries.length === 1 ? "file" : "files"} ready
                    </span>{" "}
                    · {formatBytes(sendBytes)}
                    {blockedCount > 0 ? <span className="text-danger"> · {blockedCount} with errors will be skipped</span> : null}
                  </>
                )}
              </div>
              <div className="flex items-center gap-2">
                {busy || phase === "failed" ? (
                  <Button variant="secondary" onClick={onCancel}>
                    Cancel
                  </Button>
                ) : null}
                {phase === "failed" ? (
                  <Button onClick={onRetryFailed}>Retry failed files</Button>
                ) : (
                  <Button onClick={onUpload} loading={busy} icon={<UploadIcon className="size-4" />}>
                    Upload
                  </Button>
                )}
              </div>
            </div>
            )}
          </Card>
        </div>

        <aside className="grid content-start gap-6 md:grid-cols-2 lg:grid-cols-1">
          <TableChecklist items={checklist} />
          <HowItWorks />
        </aside>
      </div>

      <MyUploads batches={batches} />
    </div>
  );
}

/** After the files are sent: what went, compactly; the run panel above carries on. */
function SentSummary({ month, sent, skipped }: { month: string; sent: { name: string; size: number; table: string | null }[]; skipped: string[] }) {
  const bytes = sent.reduce((s, f) => s + f.size, 0);
  return (
    <div className="space-y-3 px-5 py-5 text-sm">
      <p className="text-fg">
        <span className="font-medium">{monthLabel(month)}</span> · {sent.length} {sent.length === 1 ? "file" : "files"} sent · {formatBytes(bytes)}
      </p>
      <ul className="flex flex-wrap gap-1.5" aria-label="Files sent">
        {sent.map((f) => (
          <li key={f.name} className="inline-flex items-center gap-1.5 rounded-md bg-success-soft px-2 py-1 text-xs text-success" title={f.name}>
            <span aria-hidden>✓</span>
            <span className="font-mono">{f.table ?? f.name}</span>
          </li>
        ))}
      </ul>
      {skipped.length > 0 ? (
        <p className="text-xs text-muted">
          Not sent (had errors): {skipped.join(", ")}. Fix them and upload them as a new batch for the same month.
        </p>
      ) : null}
    </div>
  );
}

function HowItWorks() {
  return (
    <section aria-labelledby="how-title" className="rounded-lg border border-border bg-surface p-5 text-sm shadow-sm">
      <h2 id="how-title" className="font-semibold text-fg">
        What is checked here
      </h2>
      <ul className="mt-2 space-y-1.5 text-muted">
        <li>Which table each file is, by its name or its columns (you can change it).</li>
        <li>Required columns — a file missing one is held back.</li>
        <li>Unknown columns and the values of a sample of rows — warnings only; bad rows are quarantined by the run.</li>
      </ul>
    </section>
  );
}
