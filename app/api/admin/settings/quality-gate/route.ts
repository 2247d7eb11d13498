import { AREA_ROLES } from "@/lib/auth/roles";
import { gateSettingsInput } from "@/lib/lake/gate-settings";
import { handler } from "@/lib/http/handler";
import { gateSettings } from "@/lib/portal/admin-views";
import { saveGateSettings } from "@/lib/services/settings";

/** The quality gate's thresholds (DATA_CONTRACT.md "Publishing a month"); a batch carries those in force when it is sent. */
export const GET = handler({ roles: AREA_ROLES.admin }, async () => ({ gate: await gateSettings() }));

export const PUT = handler({ roles: AREA_ROLES.admin, body: gateSettingsInput }, async ({ body, user, ip }) => ({ gate: await saveGateSettings(body, { user, ip }) }));
