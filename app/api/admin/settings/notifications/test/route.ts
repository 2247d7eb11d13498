import { auditEvent } from "@/lib/auth/audit";
import { AREA_ROLES } from "@/lib/auth/roles";
import { config } from "@/lib/config";
import { getSetting } from "@/lib/db/settings";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/handler";
import { deliver } from "@/lib/notify/deliver";

/** Sends a test notification on every configured channel now, one try each, and answers how each went. */
export const POST = handler({ roles: AREA_ROLES.admin }, async ({ user, ip }) => {
  const settings = await getSetting("notify");
  if (!settings.webhookUrl && !settings.smtp) throw new AppError(409, "notify_not_configured", "Save a webhook URL or an SMTP server first.");
  await auditEvent({ action: "notify.test", actorId: user.id, target: "notify", ip });
  const results = await deliver({ kind: "test" }, settings, { delays: [], actorId: user.id, appUrl: config().APP_URL ?? null });
  return { results };
});
