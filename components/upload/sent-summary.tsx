import { formatBytes } from "@/lib/format";
import { monthLabel } from "@/lib/format";

/** After the files are sent: what went, compactly; the run panel above carries on. */
export function SentSummary({ month, sent, skipped, profileName }: { month: string; sent: { name: string; size: number; tables: string[] }[]; skipped: string[]; profileName: string | null }) {
  const bytes = sent.reduce((s, f) => s + f.size, 0);
  return (
    <div className="space-y-3 px-5 py-5 text-sm">
      <p className="text-fg">
        <span className="font-medium">{monthLabel(month)}</span> · {sent.length} {sent.length === 1 ? "file" : "files"} sent · {formatBytes(bytes)}
        {profileName ? <span className="text-muted"> · read with “{profileName}”</span> : null}
      </p>
      <ul className="flex flex-wrap gap-1.5" aria-label="Files sent">
        {sent.flatMap((f) =>
          f.tables.map((t) => (
            <li key={`${f.name}-${t}`} className="inline-flex items-center gap-1.5 rounded-md bg-success-soft px-2 py-1 text-xs text-success" title={f.name}>
              <span aria-hidden>✓</span>
              <span className="font-mono">{t}</span>
            </li>
          )),
        )}
      </ul>
      {skipped.length > 0 ? <p className="text-xs text-muted">Not sent (had errors): {skipped.join(", ")}. Fix them and upload them as a new batch for the same month.</p> : null}
    </div>
  );
}
