import { auditEvent } from "@/lib/auth/audit";
import { AREA_ROLES } from "@/lib/auth/roles";
import { z } from "zod";
import { handler } from "@/lib/http/handler";
import { uuidParam } from "@/lib/http/input";
import { retryRun } from "@/lib/services/runs";

/** Retries a failed or partial run from its failed step (409 otherwise). Audited. */
export const POST = handler({ roles: AREA_ROLES.runActions, params: z.object({ id: uuidParam }) }, async ({ params, user, ip }) => {
  const result = await retryRun(params.id);
  await auditEvent({ action: "run.retry", actorId: user.id, target: params.id, ip, details: { runId: result.runId, executionId: result.executionId } });
  return result;
});
