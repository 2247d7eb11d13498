"use client";

import { useRef, useState, type DragEvent } from "react";
import { cn } from "@/components/ui/cn";
import { UploadIcon } from "@/components/ui/icons";

/**
 * The drop target and file picker in one: a real `<input type="file">` (accessible name "CSV files")
 * lies over the whole zone, so a click, a keyboard press or a drop all end in `onFiles`.
 */
export function DropZone({ onFiles, disabled }: { onFiles: (files: File[]) => void; disabled?: boolean }) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);

  const onDragEnter = (e: DragEvent) => {
    if (disabled || !hasFiles(e)) return;
    e.preventDefault();
    depth.current++;
    setOver(true);
  };
  const onDragLeave = () => {
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setOver(false);
  };
  const onDrop = (e: DragEvent) => {
    // Handled here (not by the input's default drop) so files add up instead of replacing each other.
    e.preventDefault();
    depth.current = 0;
    setOver(false);
    if (disabled) return;
    const files = Array.from(e.dataTransfer.files);
    if (files.length) onFiles(files);
  };

  return (
    <div
      onDragEnter={onDragEnter}
      onDragOver={(e) => {
        if (!disabled) e.preventDefault();
      }}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      data-testid="drop-zone"
      className={cn(
        "group relative flex min-h-40 flex-col items-center justify-center gap-2 rounded-lg border-2 border-dashed px-6 py-8 text-center transition-colors",
        "focus-within:border-accent focus-within:ring-2 focus-within:ring-ring/40",
        over ? "border-accent bg-accent-soft" : "border-border bg-surface-2/40 hover:border-accent/60 hover:bg-surface-2",
        disabled && "pointer-events-none opacity-60",
      )}
    >
      <span className={cn("flex size-11 items-center justify-center rounded-full bg-surface text-accent shadow-sm transition-transform", over && "scale-110")}>
        <UploadIcon className="size-6" />
      </span>
      <p className="text-sm font-medium text-fg">{over ? "Drop to add the files" : "Drop the month’s CSV files here"}</p>
      <p className="text-xs text-muted">
        or <span className="font-medium text-accent underline-offset-2 group-hover:underline">browse</span> — up to seven files, one per table; your shop’s own export format is mapped once
      </p>
      <input
        type="file"
        aria-label="CSV files, or a .zip of them"
        multiple
        accept=".csv,.zip,text/csv,application/vnd.ms-excel,application/zip"
        disabled={disabled}
        className="absolute inset-0 cursor-pointer opacity-0"
        onChange={(e) => {
          const files = Array.from(e.currentTarget.files ?? []);
          e.currentTarget.value = ""; // choosing the same file again still fires change
          if (files.length) onFiles(files);
        }}
      />
    </div>
  );
}

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes("Files");
