"use client";

import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { inputClass } from "@/components/ui/field";
import { DownloadIcon, SearchIcon } from "@/components/ui/icons";
import { requestJson } from "@/components/ui/fetch-json";
import { Spinner } from "@/components/ui/spinner";
import { usePoll } from "./use-poll";

interface Line {
  ts: string;
  level: "debug" | "info" | "warn" | "error";
  step: string;
  message: string;
}

const LEVEL: Record<Line["level"], string> = {
  debug: "text-muted",
  info: "text-fg",
  warn: "text-warning",
  error: "text-danger font-medium",
};

const PAGE = 2000;

/**
 * One step's log: loads it all, then follows it every second while the step may still write.
 * Search filters and highlights lines; Download gets the full text file. Mount with key={step}.
 */
export function LogViewer({ runId, step, stepLabel, live }: { runId: string; step: string; stepLabel: string; live: boolean }) {
  const [lines, setLines] = useState<Line[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [follow, setFollow] = useState(true);
  const cursor = useRef<string | null>(null);
  const box = useRef<HTMLDivElement>(null);

  // Reads every page available now, appending; used for the first load and for each poll.
  const pull = useCallback(async () => {
    for (let i = 0; i < 50; i++) {
      const q = new URLSearchParams({ step, limit: String(PAGE) });
      if (cursor.current) q.set("after", cursor.current);
      const res = await requestJson<{ lines: Line[]; next: string | null }>(`/api/runs/${runId}/logs?${q}`);
      if (!res.ok) {
        setError(res.message);
        return;
      }
      setError(null);
      const { lines: got, next } = res.data;
      if (got.length) setLines((xs) => [...xs, ...got]);
      const advanced = next !== null && next !== cursor.current;
      if (next !== null) cursor.current = next;
      if (got.length < PAGE || !advanced) return;
    }
  }, [runId, step]);

  useEffect(() => {
    let cancelled = false;
    const first = async () => {
      await pull();
      if (!cancelled) setLoading(false);
    };
    void first();
    return () => {
      cancelled = true;
    };
  }, [pull]);

  // One last read when the step stops being live, so its final lines are not missed.
  const wasLive = useRef(live);
  useEffect(() => {
    if (wasLive.current && !live) void pull();
    wasLive.current = live;
  }, [live, pull]);

  usePoll(pull, 1000, live && !loading);

  useEffect(() => {
    if (follow && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [lines, follow]);

  const needle = search.trim().toLowerCase();
  const shown = useMemo(() => (needle ? lines.filter((l) => l.message.toLowerCase().includes(needle) || l.level === needle) : lines), [lines, needle]);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative min-w-48 flex-1">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted" />
          <label htmlFor={`log-search-${step}`} className="sr-only">
            Search logs
          </label>
          <input
            id={`log-search-${step}`}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="Search this log…"
            className={cn(inputClass, "pl-8")}
          />
        </div>
        <label className="inline-flex items-center gap-2 text-sm text-muted">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} className="size-4 accent-(--accent)" />
          Follow live
        </label>
        <a href={`/api/runs/${runId}/logs/download?step=${encodeURIComponent(step)}`} className={buttonClass("secondary", "sm")} download>
          <DownloadIcon className="size-4" />
          Download log
        </a>
      </div>
      <div className="flex items-center justify-between text-xs text-muted">
        <span aria-live="polite">
          {needle ? `${shown.length} of ${lines.length} lines match` : `${lines.length} line${lines.length === 1 ? "" : "s"}`}
        </span>
        {live ? (
          <span className="inline-flex items-center gap-1.5 text-info">
            <Spinner className="size-3" /> following live
          </span>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-sm text-danger">
          Could not load the log: {error}
        </p>
      ) : null}
      <div
        ref={box}
        role="log"
        aria-label={`Log of ${stepLabel}`}
        tabIndex={0}
        className="max-h-[28rem] min-h-40 overflow-auto rounded-md border border-border bg-surface-2/60 p-3 font-mono text-xs leading-relaxed"
      >
        {loading ? (
          <p className="text-muted">Loading log…</p>
        ) : shown.length === 0 ? (
          <p className="text-muted">{needle ? "No line matches this search." : live ? "Waiting for the first lines…" : "This step wrote no log lines."}</p>
        ) : (
          shown.map((l, i) => (
            <div key={i} className={cn("flex gap-3 whitespace-pre-wrap [overflow-wrap:anywhere]", LEVEL[l.level])}>
              <span className="shrink-0 text-muted select-none">{l.ts.slice(11, 23)}</span>
              <span className="w-11 shrink-0 uppercase select-none">{l.level}</span>
              <span className="min-w-0">{highlight(l.message, needle)}</span>
            </div>
          ))
        )}
      </div>
    </div>
  );
}

function highlight(text: string, needle: string): ReactNode {
  if (!needle) return text;
  const lower = text.toLowerCase();
  const parts: ReactNode[] = [];
  let at = 0;
  for (let i = lower.indexOf(needle); i !== -1; i = lower.indexOf(needle, at)) {
    parts.push(text.slice(at, i), <mark key={i} className="rounded-sm bg-warning-soft text-warning">{text.slice(i, i + needle.length)}</mark>);
    at = i + needle.length;
  }
  parts.push(text.slice(at));
  return parts;
}
