import { auditEvent } from "@/lib/auth/audit";
import { AREA_ROLES } from "@/lib/auth/roles";
import { getSetting, setSetting, settingSchema } from "@/lib/db/settings";
import { handler } from "@/lib/http/handler";

/** The quality gate's thresholds (DATA_CONTRACT.md "Publishing a month"); a batch carries those in force when it is sent. */
export const GET = handler({ roles: AREA_ROLES.admin }, async () => ({ gate: await getSetting("quality-gate") }));

export const PUT = handler({ roles: AREA_ROLES.admin, body: settingSchema("quality-gate") }, async ({ body, user, ip }) => {
  const before = await getSetting("quality-gate");
  const gate = await setSetting("quality-gate", body, user.id);
  await auditEvent({ action: "settings.quality_gate", actorId: user.id, target: "quality-gate", ip, details: { before, after: gate } });
  return { gate };
});
