import "server-only";
import { auditEvent } from "../auth/audit";
import { sendEmail } from "./email";
import type { NotifyEvent, NotifyMessage } from "./events";
import { toMessage } from "./events";
import { DEFAULT_DELAYS_MS, sleep, withBackoff } from "./retry";
import type { NotifySettings } from "../contracts/notify-settings";
import { postWebhook } from "./webhook";

export type Channel = "webhook" | "email";

export interface ChannelResult {
  channel: Channel;
  ok: boolean;
  attempts: number;
  error: string | null;
}

export interface DeliverOptions {
  delays?: readonly number[];
  wait?: (ms: number) => Promise<void>;
  appUrl?: string | null;
  /** Who asked (the test button), for the audit entries. */
  actorId?: string | null;
}

/** Sends one event on every configured channel, each retried on its own; every outcome is audited. */
export async function deliver(event: NotifyEvent, settings: NotifySettings, opts: DeliverOptions = {}): Promise<ChannelResult[]> {
  const message = toMessage(event, { appUrl: opts.appUrl });
  const sends: [Channel, (m: NotifyMessage) => Promise<void>][] = [];
  const { webhookUrl, smtp } = settings;
  if (webhookUrl) sends.push(["webhook", (m) => postWebhook(webhookUrl, m)]);
  if (smtp) sends.push(["email", (m) => sendEmail(smtp, m)]);
  return Promise.all(
    sends.map(async ([channel, send]) => {
      const outcome = await withBackoff(() => send(message), opts.delays ?? DEFAULT_DELAYS_MS, opts.wait ?? sleep);
      await auditEvent({
        action: outcome.ok ? "notify.delivered" : "notify.failed",
        actorId: opts.actorId ?? null,
        target: `${channel}:${event.kind}`,
        details: { channel, event: event.kind, month: message.month, runId: message.runId, execution: message.execution, attempts: outcome.attempts, error: outcome.error },
      });
      return { channel, ...outcome };
    }),
  );
}
