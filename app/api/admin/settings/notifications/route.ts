import { auditEvent } from "@/lib/auth/audit";
import { AREA_ROLES } from "@/lib/auth/roles";
import { getSetting, setSetting } from "@/lib/db/settings";
import { handler } from "@/lib/http/handler";
import { mergeInput, notifySettingsInput, toView } from "@/lib/contracts/notify-settings";

/** Where run notifications go. Answers never carry the webhook URL or the SMTP password. */
export const GET = handler({ roles: AREA_ROLES.admin }, async () => ({ notifications: toView(await getSetting("notify")) }));

export const PUT = handler({ roles: AREA_ROLES.admin, body: notifySettingsInput }, async ({ body, user, ip }) => {
  const before = await getSetting("notify");
  const after = await setSetting("notify", mergeInput(before, body), user.id);
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
  return { notifications: toView(after) };
});
