import { AREA_ROLES } from "@/lib/auth/roles";
import { handler } from "@/lib/http/handler";
import { sendTestNotification } from "@/lib/services/settings";

/** Sends a test notification on every configured channel now, one try each, and answers how each went. */
export const POST = handler({ roles: AREA_ROLES.admin }, async ({ user, ip }) => ({ results: await sendTestNotification({ user, ip }) }));
