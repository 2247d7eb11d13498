import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { handler } from "@/lib/http/handler";
import { loadVisibleRun } from "@/lib/portal/run-detail";
import { rejectsCsv } from "@/lib/pipeline/rejects";

const query = z.object({ table: z.string().regex(/^[a-z_]+$/, "a table name") });

/** The rows of one table this run quarantined, with their reasons, as CSV. */
export const GET = handler({ roles: AREA_ROLES.runDetail, query }, async ({ params, user, query: q }) => {
  const { run } = await loadVisibleRun(params.id!, user!);
  const csv = await rejectsCsv(run.id, q.table);
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="rejects-${q.table}-${run.month}.csv"`,
      "cache-control": "no-store",
    },
  });
});
