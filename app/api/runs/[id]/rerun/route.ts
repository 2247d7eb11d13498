import { auditEvent } from "@/lib/auth/audit";
import { AREA_ROLES } from "@/lib/auth/roles";
import { z } from "zod";
import { handler } from "@/lib/http/handler";
import { uuidParam } from "@/lib/http/input";
import { rerunRunBatch } from "@/lib/services/runs";

/** Runs this run's whole batch again as a new run. Audited. */
export const POST = handler({ roles: AREA_ROLES.runActions, params: z.object({ id: uuidParam }) }, async ({ params, user, ip }) => {
  const { batchId, runId } = await rerunRunBatch(params.id);
  await auditEvent({ action: "run.rerun", actorId: user.id, target: batchId, ip, details: { fromRunId: params.id, runId } });
  return { runId };
});
