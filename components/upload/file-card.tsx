"use client";

import { useId } from "react";
import { Badge, type Tone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { CloseIcon } from "@/components/ui/icons";
import { Spinner } from "@/components/ui/spinner";
import { TABLE_NAMES, type TableName } from "@/lib/contracts";
import { formatBytes } from "@/lib/format";
import { isWrongMonth, type FileCheck } from "@/lib/upload-check";
import { IssueList } from "./issue-list";
import { ProblemTable } from "./problem-table";
import { ProgressBar } from "./progress-bar";
import type { WholeFileState } from "./use-whole-file-checks";
import { formatInt } from "@/lib/format";

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
  whole,
  locked,
  onTable,
  onAlsoTable,
  onMap,
  onRemove,
}: {
  fileName: string;
  size: number;
  check: FileCheck | null;
  readError?: string;
  transfer: TransferView;
  /** The whole-file check in the worker, for large files. */
  whole?: WholeFileState;
  locked: boolean;
  onTable: (table: TableName | null) => void;
  onAlsoTable: (table: TableName | null) => void;
  onMap: () => void;
  onRemove: () => void;
}) {
  const selectId = useId();
  const alsoId = useId();
  const status = statusOf(check, transfer, readError);
  const detectedLabel = check?.detected ? `${check.detected} (detected from ${check.detectedBy === "name" ? "file name" : check.detectedBy === "profile" ? "your profile" : "columns"})` : null;
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
        <div className="flex min-w-52 flex-1 items-start gap-3">
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
                    {formatInt(check.rows)} {check.rows === 1 ? "row" : "rows"}
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
          {check?.alsoTable ? (
            <>
              <label htmlFor={alsoId} className="text-xs text-muted">
                and
              </label>
              <select
                id={alsoId}
                aria-label={`Second table for ${fileName}`}
                value={check.alsoTable}
                disabled={locked}
                onChange={(e) => onAlsoTable((e.target.value || null) as TableName | null)}
                className="h-8 rounded-md border border-border bg-surface px-2 text-sm text-fg shadow-sm focus:border-accent focus:outline-none focus:ring-2 focus:ring-ring/40 disabled:opacity-60"
              >
                <option value="">no second table</option>
                {TABLE_NAMES.filter((t) => t !== check.table).map((t) => (
                  <option key={t} value={t}>
                    {t}
                  </option>
                ))}
              </select>
            </>
          ) : null}
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

      {whole?.state === "running" ? (
        <div className="mt-3 flex items-center gap-3 text-xs text-muted" data-testid="whole-check">
          <ProgressBar value={whole.fraction} label={`Checking every row of ${fileName}`} className="max-w-xs" />
          <span className="tabular-nums">Checking every row… {Math.round(whole.fraction * 100)}%</span>
        </div>
      ) : whole?.state === "failed" ? (
        <p className="mt-3 text-xs text-warning">The whole-file check stopped ({whole.message}); the sample check above still holds.</p>
      ) : null}

      {check && !locked && monthOnly(check) ? (
        // Rows of another month are no reading problem: mapping cannot help, the month can.
        <p className="mt-3 rounded-md bg-surface-2/60 px-3 py-2 text-sm text-fg">
          Check the month: these rows belong to another month. Choose the month this file is for, or send it with that month’s batch.
        </p>
      ) : check && check.header.length > 0 && !locked && (check.needsMapping || check.problemCount > 0) ? (
        <div className={cn("mt-3 flex flex-wrap items-center gap-3 rounded-md px-3 py-2 text-sm", check.needsMapping ? "bg-accent-soft" : "bg-surface-2/60")}>
          <p className="min-w-0 flex-1 text-fg">
            {check.needsMapping ? "This file does not fit the contract as it is. Map its format, columns and words once; next month it is read by itself." : "Fix how this file is read: its format, columns or words."}
          </p>
          <button type="button" onClick={onMap} className="h-8 rounded-md bg-accent px-3 text-sm font-medium text-accent-fg shadow-sm hover:bg-accent-hover">
            Map columns
          </button>
        </div>
      ) : null}

      {check && check.problems.length > 0 ? <ProblemTable check={check} /> : null}
    </li>
  );
}

/** The file reads fine; only its rows' month differs from the batch's. */
const monthOnly = (check: FileCheck) => !check.needsMapping && check.problems.length > 0 && check.problems.every((p) => p.rule === "month");

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
  // Most rows of another month: it can still be sent (after a confirmation), but it is not "ready".
  if (isWrongMonth(check)) return { label: "Check the month", tone: "warning" };
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

