import "server-only";
import { auditEvent } from "../auth/audit";
import type { SessionUser } from "../auth/session";
import { config } from "../config";
import type { GateSettings } from "../contracts/gate";
import { mergeInput, toView, type NotifySettingsInput, type NotifySettingsView } from "../contracts/notify-settings";
import { getSetting, setSetting } from "../db/settings";
import { AppError } from "../errors";
import { deliver } from "../notify/deliver";
import { forbiddenLiteralHost } from "../notify/webhook";

/** An admin's changes to the settings, each audited. */
interface Actor {
  user: SessionUser;
  ip: string | null;
}

/** Saves the quality gate's thresholds; a batch carries those in force when it is sent. */
export async function saveGateSettings(gate: GateSettings, { user, ip }: Actor): Promise<GateSettings> {
  const before = await getSetting("quality-gate");
  const after = await setSetting("quality-gate", gate, user.id);
  await auditEvent({ action: "settings.quality_gate", actorId: user.id, target: "quality-gate", ip, details: { before, after } });
  return after;
}

/** Saves where run notifications go; the audit entry and the answer never carry the webhook URL or the SMTP password. */
export async function saveNotifySettings(input: NotifySettingsInput, { user, ip }: Actor): Promise<NotifySettingsView> {
  // An address no notification would ever be sent to is refused now, not at the first send.
  const literal = input.webhookUrl ? forbiddenLiteralHost(input.webhookUrl) : null;
  if (literal) throw new AppError(400, "forbidden_webhook", literal);
  const before = await getSetting("notify");
  const after = await setSetting("notify", mergeInput(before, input), user.id);
  await auditEvent({
    action: "settings.notifications",
    actorId: user.id,
    target: "notify",
    ip,
    details: {
      before: toView(before),
      after: toView(after),
      webhookUrlChanged: before.webhookUrl !== after.webhookUrl,
      smtpPasswordChanged: (before.smtp?.password ?? null) !== (after.smtp?.password ?? null),
    },
  });
  return toView(after);
}

/** Sends a test notification on every configured channel now, one try each, and answers how each went. */
export async function sendTestNotification({ user, ip }: Actor) {
  const settings = await getSetting("notify");
  if (!settings.webhookUrl && !settings.smtp) throw new AppError(409, "notify_not_configured", "Save a webhook URL or an SMTP server first.");
  await auditEvent({ action: "notify.test", actorId: user.id, target: "notify", ip });
  return deliver({ kind: "test" }, settings, { delays: [], actorId: user.id, appUrl: config().APP_URL ?? null });
}
