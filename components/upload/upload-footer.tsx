"use client";

import { Button } from "@/components/ui/button";
import { UploadIcon } from "@/components/ui/icons";
import { formatBytes } from "@/lib/format";
import { ProgressBar } from "./progress-bar";
import type { BatchUpload } from "./use-batch-upload";

/** Progress while sending; otherwise how many files are ready, and the buttons. */
export function UploadFooter({ up, fileCount, blockedCount, sendBytes }: { up: BatchUpload; fileCount: number; blockedCount: number; sendBytes: number }) {
  const { phase, busy, progress } = up;
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-3 rounded-b-lg border-t border-border bg-surface-2/40 px-5 py-4">
      <div className="min-w-0 flex-1 text-sm text-muted" aria-live="polite">
        {busy || (phase === "failed" && up.batchId) ? (
          <div className="flex items-center gap-3">
            <ProgressBar value={progress.fraction} label="Overall upload" className="max-w-md" />
            <span className="shrink-0 tabular-nums">
              {phase === "completing" ? "Starting the run…" : `${Math.round(progress.fraction * 100)}% · ${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`}
            </span>
          </div>
        ) : fileCount === 0 ? (
          "No files yet."
        ) : (
          <>
            <span className="font-medium text-fg">
              {/* A file to check the month of is sent only after a confirmation: not counted as ready. */}
              {up.sendable.length - up.wrongMonth.length} of {fileCount} {fileCount === 1 ? "file" : "files"} ready
            </span>{" "}
            · {formatBytes(sendBytes)}
            {up.wrongMonth.length > 0 ? <span className="text-warning"> · {up.wrongMonth.length} to check the month</span> : null}
            {blockedCount > 0 ? <span className="text-danger"> · {blockedCount} with errors will be skipped</span> : null}
          </>
        )}
      </div>
      <div className="flex items-center gap-2">
        {busy || phase === "failed" ? (
          <Button variant="secondary" onClick={up.cancel}>
            Cancel
          </Button>
        ) : null}
        {phase === "failed" ? (
          <Button onClick={up.retryFailed}>Retry failed files</Button>
        ) : (
          <Button onClick={up.upload} loading={busy} icon={<UploadIcon className="size-4" />}>
            Upload
          </Button>
        )}
      </div>
    </div>
  );
}
