/**
 * What operators are told about, and the one message each becomes. Pure (no database, no server-only)
 * so the AWS notify Lambda bundles the same wording.
 */
export type NotifyEvent =
  | { kind: "run.failed"; month: string; batchId: string; runId: string | null; execution: string; error: string | null }
  | { kind: "run.held"; month: string; batchId: string; runId: string | null; execution: string; error: string | null }
  | { kind: "run.succeeded_after_retry"; month: string; batchId: string; runId: string | null; execution: string }
  | { kind: "month.missing"; month: string; dueDay: number }
  | { kind: "test" };

export type NotifyKind = NotifyEvent["kind"];

/** The webhook body: Slack reads `text`; other receivers read the structured fields. */
export interface NotifyMessage {
  text: string;
  subject: string;
  event: NotifyKind;
  month: string | null;
  batchId: string | null;
  runId: string | null;
  execution: string | null;
  error: string | null;
  runUrl: string | null;
  at: string;
}

export function toMessage(e: NotifyEvent, opts: { appUrl?: string | null; now?: Date } = {}): NotifyMessage {
  const base = { event: e.kind, month: null, batchId: null, runId: null, execution: null, error: null, runUrl: null, at: (opts.now ?? new Date()).toISOString() };
  const runUrl = (runId: string | null) => (opts.appUrl && runId ? `${opts.appUrl.replace(/\/$/, "")}/runs/${runId}` : null);
  switch (e.kind) {
    case "run.failed":
    case "run.held":
    case "run.succeeded_after_retry": {
      const error = "error" in e ? e.error : null;
      const what = e.kind === "run.failed" ? "failed" : e.kind === "run.held" ? "was held by the quality gate (nothing published)" : "succeeded after a retry";
      const subject = `Run for ${e.month} ${what}`;
      const url = runUrl(e.runId);
      const text = [`${subject} (batch ${e.batchId}, execution ${e.execution}).`, error ? `Reason: ${error}` : null, url ? `Details: ${url}` : null]
        .filter(Boolean)
        .join("\n");
      return { ...base, text, subject, month: e.month, batchId: e.batchId, runId: e.runId, execution: e.execution, error, runUrl: url };
    }
    case "month.missing": {
      const subject = `No published month ${e.month} yet`;
      const text = `${subject}: the month was expected by day ${e.dueDay} of the next month and has no succeeded run.`;
      return { ...base, text, subject, month: e.month };
    }
    case "test":
      return { ...base, text: "Test notification from the shoplake portal: this channel works.", subject: "Test notification" };
  }
}
