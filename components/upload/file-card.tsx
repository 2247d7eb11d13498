"use client";

import { useId } from "react";
import { Badge, type Tone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { CloseIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { TABLE_NAMES, type TableName } from "@/lib/contracts";
import { formatBytes, type FileCheck, type FileIssue } from "@/lib/upload-check";
import { ProgressBar } from "./progress-bar";

export type TransferState = "idle" | "queued" | "uploading" | "retrying" | "uploaded" | "failed" | "cancelled" | "skipped";

export interface TransferView {
  state: TransferState;
  loaded: number;
  attempt: number;
  message?: string;
}

export function FileCard({
  fileName,
  size,
  check,
  readError,
  transfer,
  locked,
  onTable,
  onRemove,
}: {
  fileName: string;
  size: number;
  check: FileCheck | null;
  readError?: string;
  transfer: TransferView;
  locked: boolean;
  onTable: (table: TableName | null) => void;
  onRemove: () => void;
}) {
  const selectId = useId();
  const status = statusOf(check, transfer, readError);
  const detectedLabel = check?.detected ? `${check.detected} (detected from ${check.detectedBy === "name" ? "file name" : "columns"})` : null;
  const errors = check?.issues.filter((i) => i.level === "error") ?? [];
  const warnings = check?.issues.filter((i) => i.level !== "error") ?? [];

  return (
    <li
      aria-label={fileName}
      className={cn(
        "rounded-lg border bg-surface p-4 shadow-sm transition-colors",
        check?.blocked || readError ? "border-danger/40" : "border-border",
      )}
    >
      <div className="flex flex-wrap items-start gap-x-4 gap-y-3">
        <div className="flex min-w-0 flex-1 items-start gap-3">
          <FileGlyph blocked={Boolean(check?.blocked || readError)} />
          <div className="min-w-0">
            <p className="truncate font-medium text-fg" title={fileName}>
              {fileName}
            </p>
            <p className="mt-0.5 text-xs text-muted">
              {formatBytes(size)}
              {check?.rows != null ? (
                <>
                  {" · "}
                  <span data-testid="row-estimate">
                    {check.rowsExact ? "" : "≈ "}
                    {check.rows.toLocaleString("en-US")} {check.rows === 1 ? "row" : "rows"}
                  </span>
                </>
              ) : null}
              {check && check.header.length > 0 ? ` · ${check.header.length} ${check.header.length === 1 ? "column" : "columns"}` : null}
            </p>
          </div>
        </div>

        <div className="flex items-center gap-2">
          <label htmlFor={selectId} className="sr-only">
            Table for {fileName}
          </label>
          <select
            id={selectId}
            value={check?.table ?? ""}
            disabled={locked || !check}
            onChange={(e) => {
              const v = e.target.value as TableName | "";
              onTable(v === "" || v === check?.detected ? null : v);
            }}
            className="h-8 rounded-md border border-border bg-surface px-2 text-sm text-fg shadow-sm focus:border-accent focus:outline-none focus:ring-2 focus:ring-ring/40 disabled:opacity-60"
            title={detectedLabel ?? "Choose the table this file holds"}
          >
            {!check?.table ? <option value="">Choose a table…</option> : null}
            {TABLE_NAMES.map((t) => (
              <option key={t} value={t}>
                {t}
                {t === check?.detected && !check.overridden ? " (detected)" : ""}
              </option>
            ))}
          </select>
          <Badge tone={status.tone} dot={status.tone !== "neutral"}>
            {status.spinner ? <Spinner className="size-3" /> : null}
            {status.label}
          </Badge>
          {!locked ? (
            <button
              type="button"
              onClick={onRemove}
              aria-label={`Remove ${fileName}`}
              className="inline-flex size-8 items-center justify-center rounded-md text-muted hover:bg-surface-2 hover:text-fg"
            >
              <CloseIcon className="size-4" />
            </button>
          ) : null}
        </div>
      </div>

      {transfer.state !== "idle" && transfer.state !== "skipped" ? (
        <div className="mt-3 flex items-center gap-3">
          <ProgressBar
            value={size ? transfer.loaded / size : 1}
            label={`${fileName} upload`}
            tone={transfer.state === "failed" ? "danger" : transfer.state === "uploaded" ? "success" : "accent"}
          />
          <span className="w-24 shrink-0 text-right text-xs tabular-nums text-muted">
            {transfer.state === "retrying" ? `retry ${transfer.attempt}…` : `${Math.round((size ? transfer.loaded / size : 1) * 100)}%`}
          </span>
        </div>
      ) : null}
      {transfer.message && (transfer.state === "failed" || transfer.state === "retrying") ? (
        <p className={cn("mt-2 text-sm", transfer.state === "failed" ? "text-danger" : "text-warning")} role={transfer.state === "failed" ? "alert" : undefined}>
          {transfer.message}
        </p>
      ) : null}

      {readError ? <IssueList issues={[{ level: "error", code: "encoding", message: readError }]} /> : null}
      {errors.length + warnings.length > 0 ? <IssueList issues={[...errors, ...warnings]} /> : null}

      {check && check.problems.length > 0 ? (
        <details className="group mt-3 rounded-md border border-border bg-surface-2/40">
          <summary className="cursor-pointer list-none px-3 py-2 text-sm font-medium text-fg select-none">
            <span className="mr-1 inline-block transition-transform group-open:rotate-90" aria-hidden>
              ›
            </span>
            Sample problems ({check.problemCount.toLocaleString("en-US")}
            {check.problemCount > check.problems.length ? `, first ${check.problems.length} shown` : ""})
          </summary>
          <div className="max-h-64 overflow-auto border-t border-border">
            <table className="w-full text-left text-xs" aria-label={`Sample problems in ${fileName}`}>
              <thead className="sticky top-0 bg-surface-2 text-muted">
                <tr>
                  <th scope="col" className="px-3 py-1.5 font-medium">Line</th>
                  <th scope="col" className="px-3 py-1.5 font-medium">Column</th>
                  <th scope="col" className="px-3 py-1.5 font-medium">Value</th>
                  <th scope="col" className="px-3 py-1.5 font-medium">Problem</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-border">
                {check.problems.map((p, i) => (
                  <tr key={i}>
                    <td className="px-3 py-1.5 tabular-nums text-muted">{p.line}</td>
                    <td className="px-3 py-1.5 font-mono">{p.column}</td>
                    <td className="max-w-48 truncate px-3 py-1.5 font-mono" title={p.value}>
                      {p.value === "" ? <span className="text-muted italic">empty</span> : p.value}
                    </td>
                    <td className="px-3 py-1.5">{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </li>
  );
}

function IssueList({ issues }: { issues: FileIssue[] }) {
  return (
    <ul className="mt-3 space-y-1.5">
      {issues.map((i, n) => (
        <li
          key={`${i.code}-${n}`}
          data-level={i.level}
          className={cn(
            "flex gap-2 text-sm",
            i.level === "error" ? "text-danger" : i.level === "warning" ? "text-warning" : "text-muted",
          )}
        >
          <span aria-hidden className="mt-0.5 shrink-0">
            {i.level === "error" ? <ErrorDot /> : i.level === "warning" ? <WarnDot /> : <InfoDot />}
          </span>
          <span>
            <span className="sr-only">{i.level === "error" ? "Error: " : i.level === "warning" ? "Warning: " : "Note: "}</span>
            {i.message}
          </span>
        </li>
      ))}
    </ul>
  );
}

function statusOf(check: FileCheck | null, t: TransferView, readError?: string): { label: string; tone: Tone; spinner?: boolean } {
  if (readError) return { label: "Unreadable", tone: "danger" };
  switch (t.state) {
    case "queued":
      return { label: "Waiting", tone: "neutral" };
    case "uploading":
      return { label: "Uploading", tone: "accent", spinner: true };
    case "retrying":
      return { label: "Retrying", tone: "warning", spinner: true };
    case "uploaded":
      return { label: "Uploaded", tone: "success" };
    case "failed":
      return { label: "Failed", tone: "danger" };
    case "cancelled":
      return { label: "Cancelled", tone: "neutral" };
    case "skipped":
      return { label: "Skipped", tone: "neutral" };
    default:
      break;
  }
  if (!check) return { label: "Checking", tone: "neutral", spinner: true };
  if (check.blocked) return { label: "Blocked", tone: "danger" };
  if (check.issues.some((i) => i.level === "warning")) return { label: "Ready, with warnings", tone: "warning" };
  return { label: "Ready", tone: "success" };
}

function FileGlyph({ blocked }: { blocked: boolean }) {
  return (
    <span className={cn("flex size-9 shrink-0 items-center justify-center rounded-md text-[10px] font-bold tracking-wide", blocked ? "bg-danger-soft text-danger" : "bg-accent-soft text-accent")} aria-hidden>
      CSV
    </span>
  );
}

const ErrorDot = () => (
  <svg viewBox="0 0 16 16" className="size-4" fill="currentColor">
    <path d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm-.75 3.5h1.5v4.5h-1.5V4.5Zm0 5.75h1.5v1.5h-1.5v-1.5Z" />
  </svg>
);
const WarnDot = () => (
  <svg viewBox="0 0 16 16" className="size-4" fill="currentColor">
    <path d="M8.9 1.9a1 1 0 0 0-1.8 0L.6 13.5A1 1 0 0 0 1.5 15h13a1 1 0 0 0 .9-1.5L8.9 1.9ZM7.25 6h1.5v4h-1.5V6Zm0 5.25h1.5v1.5h-1.5v-1.5Z" />
  </svg>
);
const InfoDot = () => (
  <svg viewBox="0 0 16 16" className="size-4" fill="currentColor">
    <path d="M8 1a7 7 0 1 0 0 14A7 7 0 0 0 8 1Zm.75 10.5h-1.5V7h1.5v4.5ZM8 5.75a.9.9 0 1 1 0-1.8.9.9 0 0 1 0 1.8Z" />
  </svg>
);
