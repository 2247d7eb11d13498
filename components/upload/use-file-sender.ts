"use client";

import { useRef } from "react";
import type { TableName } from "@/lib/contracts";
import { AbortedError } from "@/lib/upload-check";
import type { MultipartCompletion, StartBatchResponse, UploadTargetView } from "@/lib/portal/upload-types";
import type { TransferView } from "./file-card";
import { runLimited, sendFile } from "./transfer";
import { uploadApi } from "./upload-api";
import type { Entry } from "./use-batch-files";

const FILES_AT_ONCE = 2;

type SetTransfer = (id: string, patch: Partial<TransferView>) => void;

/** Sending a batch's files: per entry, where its bytes go and (multipart) the ETags once sent. */
export function useFileSender(setTransfer: SetTransfer) {
  const targets = useRef(new Map<string, { key: string; target: UploadTargetView }>());
  const multipart = useRef(new Map<string, MultipartCompletion>());
  const abortRef = useRef<AbortController | null>(null);

  const sendOne = async (e: Entry, batchId: string, signal: AbortSignal) => {
    const t = targets.current.get(e.id);
    if (!t) throw new Error("No upload target for this file");
    setTransfer(e.id, { state: "uploading" });
    try {
      const done = await sendFile(e.file, t.target, {
        signal,
        onProgress: (loaded) => setTransfer(e.id, { loaded }),
        onRetry: (attempt, message) => setTransfer(e.id, { state: "retrying", attempt, message: `${message} — retrying` }),
        refreshTarget: async () => {
          const [fresh] = await uploadApi.targets(batchId, [t.key]);
          setTransfer(e.id, { state: "uploading" });
          return fresh!;
        },
      });
      if (done) multipart.current.set(e.id, done);
      setTransfer(e.id, { state: "uploaded", loaded: e.file.size, message: undefined });
    } catch (err) {
      if (err instanceof AbortedError) setTransfer(e.id, { state: "cancelled", message: undefined });
      else setTransfer(e.id, { state: "failed", message: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  };

  return {
    /** A fresh signal for the next sending; abort() stops it. */
    newSignal: () => (abortRef.current = new AbortController()).signal,
    abort: () => abortRef.current?.abort(),
    clear: () => {
      targets.current.clear();
      multipart.current.clear();
    },
    /** Remembers the batch's upload target for each entry, matched by its table. */
    setTargets: (started: StartBatchResponse, list: Entry[], tableOf: (e: Entry) => TableName | null) => {
      for (const e of list) {
        const f = started.files.find((x) => x.table === tableOf(e));
        if (f) targets.current.set(e.id, { key: f.key, target: f.target });
      }
    },
    /** Sends the given entries to their targets; true when all arrived. */
    send: async (list: Entry[], batchId: string, signal: AbortSignal): Promise<boolean> => {
      for (const e of list) setTransfer(e.id, { state: "queued", loaded: 0, attempt: 0, message: undefined });
      const results = await runLimited(list, FILES_AT_ONCE, (e) => sendOne(e, batchId, signal));
      return results.every((r) => r.status === "fulfilled");
    },
    // Single-use upload URLs may have been spent by a failed attempt: ask for fresh ones.
    renewSingleUse: async (batchId: string, list: Entry[]) => {
      const keys = list.flatMap((e) => {
        const t = targets.current.get(e.id);
        return t && t.target.kind === "single" ? [t.key] : [];
      });
      if (keys.length === 0) return;
      for (const t of await uploadApi.targets(batchId, keys)) {
        const id = [...targets.current.entries()].find(([, v]) => v.key === t.key)?.[0];
        if (id) targets.current.set(id, { key: t.key, target: t });
      }
    },
    completions: () => [...multipart.current.values()],
    openMultiparts: () => [...targets.current.values()].flatMap((t) => (t.target.kind === "multipart" ? [{ key: t.key, uploadId: t.target.uploadId }] : [])),
  };
}
