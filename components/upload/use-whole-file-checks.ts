"use client";

import { useEffect, useRef, useState } from "react";
import type { CheckContext, FileCheck } from "@/lib/upload-check";
import type { CheckWorkerMessage, CheckWorkerRequest } from "@/lib/upload-check/check-worker";

export interface WholeFileJob {
  id: string;
  file: File;
  ctx: CheckContext;
}

export type WholeFileState = { state: "running"; fraction: number } | { state: "done"; check: FileCheck } | { state: "failed"; message: string };

/**
 * Checks large files whole, one at a time, in a Web Worker (the page stays responsive on a 200 MB
 * file). A job whose context changes (profile, table, month) is checked again; results are kept per
 * job key, so going back to an earlier choice costs nothing.
 */
export function useWholeFileChecks(jobs: readonly WholeFileJob[]): { states: Record<string, WholeFileState>; done: Record<string, FileCheck> } {
  const [results, setResults] = useState<Record<string, WholeFileState>>({});
  // Progress apart from results: a progress tick re-renders the bar, not every check of the batch.
  const [progress, setProgress] = useState<Record<string, number>>({});
  const running = useRef<{ key: string; worker: Worker } | null>(null);
  const keys = jobs.map((j) => ({ job: j, key: `${j.id}|${JSON.stringify(j.ctx)}` }));
  const wanted = keys.find((k) => !results[k.key] || results[k.key]!.state === "running");
  const wantedKey = wanted?.key ?? null;

  useEffect(() => {
    if (running.current && running.current.key !== wantedKey) {
      running.current.worker.terminate();
      const stale = running.current.key;
      running.current = null;
      setResults((r) => (r[stale]?.state === "running" ? Object.fromEntries(Object.entries(r).filter(([k]) => k !== stale)) : r));
    }
    if (!wanted || running.current) return;
    const worker = new Worker(new URL("../../lib/upload-check/check-worker.ts", import.meta.url));
    running.current = { key: wanted.key, worker };
    const size = wanted.job.file.size || 1;
    setResults((r) => ({ ...r, [wanted.key]: { state: "running", fraction: 0 } }));
    worker.onmessage = (e: MessageEvent<CheckWorkerMessage>) => {
      const m = e.data;
      if (m.type === "progress") setProgress((p) => ({ ...p, [wanted.key]: m.bytesRead / size }));
      else {
        setResults((r) => ({ ...r, [wanted.key]: m.type === "done" ? { state: "done", check: m.check } : { state: "failed", message: m.message } }));
        worker.terminate();
        if (running.current?.worker === worker) running.current = null;
      }
    };
    worker.onerror = (e) => {
      setResults((r) => ({ ...r, [wanted.key]: { state: "failed", message: e.message || "The file check stopped." } }));
      worker.terminate();
      if (running.current?.worker === worker) running.current = null;
    };
    const req: CheckWorkerRequest = { file: wanted.job.file, ctx: wanted.job.ctx };
    worker.postMessage(req);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key says everything about the job
  }, [wantedKey]);

  useEffect(() => () => running.current?.worker.terminate(), []);

  const done: Record<string, FileCheck> = {};
  for (const k of keys) {
    const r = results[k.key];
    if (r?.state === "done") done[k.job.id] = r.check;
  }
  const states = Object.fromEntries(
    keys.flatMap((k) => {
      const r = results[k.key];
      if (!r) return [];
      return [[k.job.id, r.state === "running" ? { state: "running" as const, fraction: progress[k.key] ?? 0 } : r]];
    }),
  );
  return { states, done };
}
