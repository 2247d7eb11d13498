import { z } from "zod";

const webhookUrl = z.url({ protocol: /^https?$/ }).max(2_000).nullable();
/** Day of the month by which the previous month must have a succeeded run; null: not watched. */
const expectedDay = z.number().int().min(1).max(28).nullable();
/** Where e-mail goes; user and password differ between what is stored and what the form sends. */
// Written into the SMTP conversation: a CR or LF would start a command of its own (header injection).
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;
const smtpUser = z.string().trim().max(255).regex(NO_CONTROL, "no control characters (CR, LF, …)").nullable();
const smtpTarget = {
  host: z.string().trim().min(1).max(255).regex(/^[^\s\u0000-\u001f\u007f]+$/, "a host name: no spaces or control characters"),
  port: z.number().int().min(1).max(65_535),
  from: z.email().max(320),
  to: z.array(z.email().max(320)).min(1).max(20),
};
const password = z.string().max(1_000).nullable();

/** The stored notification settings (Setting "notify"); secrets live here and never leave the server. */
export const notifySettingsSchema = z
  .object({
    webhookUrl,
    smtp: z.object({ ...smtpTarget, user: smtpUser, password }).strict().nullable(),
    expectedDay,
  })
  .strict();

export type NotifySettings = z.infer<typeof notifySettingsSchema>;

export const NOTIFY_OFF: NotifySettings = { webhookUrl: null, smtp: null, expectedDay: null };

/** What the admin page may see: where messages go, never the secrets (the webhook URL is one: Slack's carry a token). */
export interface NotifySettingsView {
  webhook: { set: boolean; host: string | null };
  smtp: { host: string; port: number; user: string | null; passwordSet: boolean; from: string; to: string[] } | null;
  expectedDay: number | null;
}

export function toView(s: NotifySettings): NotifySettingsView {
  let host: string | null = null;
  try {
    host = s.webhookUrl ? new URL(s.webhookUrl).host : null;
  } catch {
    host = null;
  }
  return {
    webhook: { set: s.webhookUrl !== null, host },
    smtp: s.smtp ? { host: s.smtp.host, port: s.smtp.port, user: s.smtp.user, passwordSet: !!s.smtp.password, from: s.smtp.from, to: s.smtp.to } : null,
    expectedDay: s.expectedDay,
  };
}

/**
 * The admin form: a secret left out keeps the stored one (the page never had it), null removes it.
 */
export const notifySettingsInput = z
  .object({
    webhookUrl: webhookUrl.optional(),
    smtp: z.object({ ...smtpTarget, user: smtpUser, password: password.optional() }).strict().nullable(),
    expectedDay,
  })
  .strict();

export type NotifySettingsInput = z.infer<typeof notifySettingsInput>;

export function mergeInput(current: NotifySettings, input: NotifySettingsInput): NotifySettings {
  const smtp = input.smtp
    ? { ...input.smtp, user: input.smtp.user || null, password: input.smtp.password === undefined ? (current.smtp?.password ?? null) : input.smtp.password || null }
    : null;
  return { webhookUrl: input.webhookUrl === undefined ? current.webhookUrl : input.webhookUrl, smtp, expectedDay: input.expectedDay };
}
