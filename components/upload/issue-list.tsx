import { cn } from "@/components/ui/cn";
import type { FileIssue } from "@/lib/upload-check";

/** A file's errors, warnings and notes, each with its mark. */
export function IssueList({ issues }: { issues: FileIssue[] }) {
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
