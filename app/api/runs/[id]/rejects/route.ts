import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { TABLE_NAMES } from "@/lib/contracts";
import { handler } from "@/lib/http/handler";
import { uuidParam } from "@/lib/http/input";
import { loadVisibleRun } from "@/lib/portal/run-detail";
import { rejectsCsv } from "@/lib/services/rejects";

const query = z.object({ table: z.enum(TABLE_NAMES) });

/** The rows of one table this run quarantined, with their reasons, as CSV. */
export const GET = handler({ roles: AREA_ROLES.runDetail, params: z.object({ id: uuidParam }), query }, async ({ params, user, query: q }) => {
  const { run } = await loadVisibleRun(params.id, user);
  const csv = await rejectsCsv(run.id, q.table);
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="rejects-${q.table}-${run.month}.csv"`,
      "cache-control": "no-store",
    },
  });
});
