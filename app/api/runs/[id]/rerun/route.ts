import { auditEvent } from "@/lib/auth/audit";
import { AREA_ROLES } from "@/lib/auth/roles";
import { getRun } from "@/lib/db/runs";
import { AppError } from "@/lib/errors";
import { z } from "zod";
import { handler } from "@/lib/http/handler";
import { uuidParam } from "@/lib/http/input";
import { rerunBatch } from "@/lib/services/runs";

/** Runs this run's whole batch again as a new run. Audited. */
export const POST = handler({ roles: AREA_ROLES.runActions, params: z.object({ id: uuidParam }) }, async ({ params, user, ip }) => {
  const run = await getRun(params.id);
  if (!run) throw new AppError(404, "run_not_found", "This run does not exist.");
  const result = await rerunBatch(run.batchId);
  await auditEvent({ action: "run.rerun", actorId: user.id, target: run.batchId, ip, details: { fromRunId: run.id, runId: result.runId } });
  return result;
});
