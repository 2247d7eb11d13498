import { AREA_ROLES } from "@/lib/auth/roles";
import { notifySettingsInput } from "@/lib/contracts/notify-settings";
import { handler } from "@/lib/http/handler";
import { notifySettingsView } from "@/lib/portal/admin-views";
import { saveNotifySettings } from "@/lib/services/settings";

/** Where run notifications go. Answers never carry the webhook URL or the SMTP password. */
export const GET = handler({ roles: AREA_ROLES.admin }, async () => ({ notifications: await notifySettingsView() }));

export const PUT = handler({ roles: AREA_ROLES.admin, body: notifySettingsInput }, async ({ body, user, ip }) => ({
  notifications: await saveNotifySettings(body, { user, ip }),
}));
