import { z } from "zod";
import { getMonthKpis } from "@/lib/analytics/kpis";
import { AREA_ROLES } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/handler";
import { monthParam } from "@/lib/http/input";
import { CHARTS, chartCsv } from "./chart-csv";

/** GET ?month=YYYY-MM&chart=…: one dashboard chart's numbers as CSV. */
export const GET = handler(
  { roles: AREA_ROLES.dashboard, query: z.object({ month: monthParam, chart: z.enum(CHARTS) }) },
  async ({ query }) => {
    const kpis = await getMonthKpis(query.month);
    if (!kpis) throw new AppError(404, "no_data", `No curated data for ${query.month}.`);
    return new Response(chartCsv(kpis, query.chart), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="shoplake_${query.month}_${query.chart}.csv"`,
        "cache-control": "private, no-store",
      },
    });
  },
);
