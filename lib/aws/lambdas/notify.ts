// The EventBridge rule on the pipeline's "Step Functions Execution Status Change" events: tells
// operators of a failed (timed out, aborted) execution, a run held by the quality gate or partial, and
// a retry execution that succeeded, on the webhook in NOTIFY_WEBHOOK_URL and by e-mail over the SMTP
// server in NOTIFY_SMTP (the same message as the local backend). EventBridge delivers at least once,
// so a rare duplicate is possible.
// An hourly scheduled rule runs the missing-month check (NOTIFY_EXPECTED_DAY) against the lake.
// Bundled into infra/lambda/notify/index.mjs (scripts/build-infra-artifacts.ts).
import { toMessage, type NotifyEvent } from "../../notify/events";
import { withBackoff } from "../../notify/retry";
import { postWebhook } from "../../notify/webhook";
import { sendEmail, type SmtpSettings } from "../../notify/email";
import { notifySettingsSchema } from "../../contracts/notify-settings";
import { parseManifestKey } from "../../lake/keys";
import { S3Client } from "@aws-sdk/client-s3";
import { dueMissingMonth, expectedDayFrom, s3MissingMonthCheck, type MissingMonthCheck } from "./missing-month-check";

export { s3MissingMonthCheck };

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const parse = (text: unknown): Json => {
  try {
    const v: unknown = JSON.parse(str(text) ?? "null");
    return v && typeof v === "object" ? (v as Json) : {};
  } catch {
    return {};
  }
};

/** The operator event an execution's status change means, or null (running, or a plain success). */
export function toNotifyEvent(event: Json): NotifyEvent | null {
  if (event["detail-type"] !== "Step Functions Execution Status Change") return null;
  const d = (event.detail ?? {}) as Json;
  const status = str(d.status);
  const execution = str(d.name) ?? "unknown";
  const input = parse(d.input);
  const output = parse(d.output);
  const manifestKey = str(input.manifestKey) ?? str(output.manifestKey) ?? "";
  const { month, batchId } = parseManifestKey(manifestKey) ?? { month: "unknown", batchId: "unknown" };
  const runName = str((input.run as Json | undefined)?.name) ?? str((output.run as Json | undefined)?.name) ?? execution;
  const base = { month, batchId, runId: null, execution };
  if (status === "FAILED" || status === "TIMED_OUT" || status === "ABORTED") {
    const error = [str(d.error), str(d.cause)].filter(Boolean).join(": ") || `execution ${status}`;
    return { kind: "run.failed", ...base, error };
  }
  if (status !== "SUCCEEDED") return null;
  const result = ((output.summary as Json | undefined)?.result ?? {}) as Json;
  const error = str(result.error) ?? null;
  if (result.status === "held") return { kind: "run.held", ...base, error };
  if (result.status === "partial" || result.status === "failed") return { kind: "run.failed", ...base, error };
  // A retry is a new execution `<run>-r<n>` that resumes the run (lib/backend/resume.ts).
  return runName !== execution ? { kind: "run.succeeded_after_retry", ...base } : null;
}

export interface NotifyDeps {
  webhookUrl: string;
  /** E-mail over SMTP; null: webhook only. */
  smtp?: SmtpSettings | null;
  appUrl?: string | null;
  delays?: readonly number[];
  wait?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
  /** For the scheduled event; absent: the check is off. */
  missing?: MissingMonthCheck;
  now?: () => Date;
}

/** Retries within the function's minute; a final failure is logged (CloudWatch is the audit trail here). */
export function makeHandler({ webhookUrl, smtp = null, appUrl = null, delays = [2_000, 5_000, 12_000], wait, log = console.log, missing, now = () => new Date() }: NotifyDeps) {
  const channels: [string, (m: ReturnType<typeof toMessage>) => Promise<void>][] = [];
  if (webhookUrl) channels.push(["webhook", (m) => postWebhook(webhookUrl, m)]);
  if (smtp) channels.push(["email", (m) => sendEmail(smtp, m)]);
  return async function handler(event: Json): Promise<{ sent: boolean; event: string | null; error: string | null }> {
    let e = toNotifyEvent(event);
    if (event["detail-type"] === "Scheduled Event" && missing && channels.length > 0) {
      const month = await dueMissingMonth(missing, now());
      if (month) e = { kind: "month.missing", month, dueDay: missing.expectedDay! };
    }
    if (!e || channels.length === 0) return { sent: false, event: e?.kind ?? null, error: null };
    const message = toMessage(e, { appUrl });
    // Each channel is tried on its own: a broken mail server does not keep the webhook from being told.
    const outcomes = await Promise.all(
      channels.map(async ([channel, send]) => {
        const outcome = await withBackoff(() => send(message), delays, wait);
        log(JSON.stringify({ msg: outcome.ok ? "notify.delivered" : "notify.failed", channel, event: e.kind, execution: message.execution, attempts: outcome.attempts, error: outcome.error }));
        return outcome;
      }),
    );
    const failed = outcomes.find((o) => !o.ok);
    return { sent: !failed, event: e.kind, error: failed?.error ?? null };
  };
}

/** NOTIFY_SMTP: the JSON of Terraform's var.notify_smtp ({host, port, user, password, from, to}), or empty. */
export function smtpFrom(v: string | undefined): SmtpSettings | null {
  if (!v) return null;
  const parsed = notifySettingsSchema.shape.smtp.safeParse(JSON.parse(v));
  if (!parsed.success || !parsed.data) throw new Error(`NOTIFY_SMTP is not an SMTP setting: ${parsed.success ? "empty" : parsed.error.issues.map((i) => i.message).join("; ")}`);
  return parsed.data;
}

let live: ReturnType<typeof makeHandler> | undefined;
/** The function's entry point; the webhook and the portal's address come from its environment (Terraform). */
export const handler: ReturnType<typeof makeHandler> = (event) => {
  const expectedDay = expectedDayFrom(process.env.NOTIFY_EXPECTED_DAY);
  live ??= makeHandler({
    webhookUrl: process.env.NOTIFY_WEBHOOK_URL ?? "",
    smtp: smtpFrom(process.env.NOTIFY_SMTP),
    appUrl: process.env.PORTAL_URL || null,
    missing: process.env.LAKE_BUCKET ? s3MissingMonthCheck(new S3Client({}), process.env.LAKE_BUCKET, expectedDay, process.env.BUSINESS_TIMEZONE || "UTC") : undefined,
  });
  return live(event);
};
