import { z } from "zod";
import { AREA_ROLES } from "@/lib/auth/roles";
import { TABLE_NAMES } from "@/lib/contracts";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/handler";
import { batchIdParam, uuidParam } from "@/lib/http/input";
import { rejectsCsv } from "@/lib/services/rejects";
import { getBatchFor } from "@/lib/portal/batch-views";

/** GET ?table=…: the quarantined rows of the batch's latest run, as CSV (the uploader fixes and re-sends). */
export const GET = handler(
  { roles: AREA_ROLES.upload, params: z.object({ batchId: batchIdParam }), query: z.object({ table: z.enum(TABLE_NAMES), run: uuidParam.optional() }) },
  async ({ user, params, query }) => {
    const batch = await getBatchFor(user, params.batchId);
    const run = query.run ? batch.runs.find((r) => r.id === query.run) : batch.runs[0];
    if (!run) throw new AppError(404, "run_not_found", "This upload has no run yet.");
    const csv = await rejectsCsv(run.id, query.table);
    const body = typeof csv === "string" ? csv : (csv as unknown as BodyInit);
    return new Response(body, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="rejects_${batch.month}_${query.table}.csv"`,
        "cache-control": "no-store",
      },
    });
  },
);
