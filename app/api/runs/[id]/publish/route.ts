import { auditEvent } from "@/lib/auth/audit";
import { AREA_ROLES } from "@/lib/auth/roles";
import { handler } from "@/lib/http/handler";
import { publishHeldRun } from "@/lib/services/runs";

/** "Publish anyway": publishes a run the quality gate held (409 for any other run). Audited. */
export const POST = handler({ roles: AREA_ROLES.runActions }, async ({ params, user, ip }) => {
  const result = await publishHeldRun(params.id!);
  await auditEvent({ action: "run.publish_anyway", actorId: user.id, target: params.id!, ip, details: { executionId: result.executionId } });
  return result;
});
