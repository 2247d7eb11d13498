import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { getBackend } from "@/lib/wiring";
import { handler } from "@/lib/http/handler";
import { logCursorParam, stepParam, uuidParam } from "@/lib/http/input";
import { loadVisibleRun } from "@/lib/portal/run-detail";

const query = z.object({
  step: stepParam,
  after: logCursorParam.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});

/** One page of a step's log; pass `next` back as `after` to follow a running step. */
export const GET = handler({ roles: AREA_ROLES.runDetail, params: z.object({ id: uuidParam }), query }, async ({ params, user, query: q }) => {
  await loadVisibleRun(params.id, user);
  const { logs } = await getBackend();
  const page = await logs.read(params.id, q.step, { after: q.after, limit: q.limit });
  return {
    lines: page.lines.map((l) => ({ ts: l.ts.toISOString(), level: l.level, step: l.step, message: l.message })),
    next: page.next,
  };
});
