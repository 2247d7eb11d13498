import { z } from "zod";
import { filtersSchema, hasFilters } from "@/lib/analytics/filters";
import { getMonthKpis } from "@/lib/services/month-kpis";
import { getRangeKpis } from "@/lib/services/range-kpis";
import { AREA_ROLES } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { handler } from "@/lib/http/handler";
import { monthParam } from "@/lib/http/input";
import { CHARTS, chartCsv } from "./chart-csv";
import { RANGE_CHARTS, rangeCsv } from "./range-csv";

const query = filtersSchema.extend({
  month: monthParam.optional(),
  from: monthParam.optional(),
  to: monthParam.optional(),
  chart: z.enum([...new Set([...CHARTS, ...RANGE_CHARTS])] as [string, ...string[]]),
});

const headers = (name: string) => ({
  "content-type": "text/csv; charset=utf-8",
  "content-disposition": `attachment; filename="${name}.csv"`,
  "cache-control": "private, no-store",
});

/**
 * GET ?month=YYYY-MM&chart=…: one month's chart as CSV (as before). With ?from&to (a range) or any
 * filter (country, channel, device, category): the period's chart under those filters, each row
 * carrying the period and filters. A chart that cannot take a range or filters says so (400).
 */
export const GET = handler({ roles: AREA_ROLES.dashboard, query }, async ({ query: q }) => {
  const { month, from, to, chart, ...rest } = q;
  const filters = filtersSchema.parse(rest);
  if (month && (from || to)) throw new AppError(400, "bad_period", "Give month, or from and to, not both.");
  if (month && !hasFilters(filters) && (CHARTS as readonly string[]).includes(chart)) {
    const kpis = await getMonthKpis(month);
    if (!kpis) throw new AppError(404, "no_data", `No curated data for ${month}.`);
    return new Response(chartCsv(kpis, chart as (typeof CHARTS)[number]), { headers: headers(`shoplake_${month}_${chart}`) });
  }
  const [a, b] = month ? [month, month] : [from, to];
  if (!a || !b) throw new AppError(400, "bad_period", "Give month, or from and to.");
  if (!(RANGE_CHARTS as readonly string[]).includes(chart)) {
    throw new AppError(400, "chart_not_filterable", `The ${chart} chart is per month and cannot take a range or filters: download it with month only.`);
  }
  const r = await getRangeKpis(a, b, filters);
  const suffix = Object.values(filters).map((v) => `_${String(v).replace(/[^A-Za-z0-9]+/g, "-")}`).join("");
  return new Response(rangeCsv(r, chart as (typeof RANGE_CHARTS)[number]), { headers: headers(`shoplake_${a}_${b}_${chart}${suffix}`) });
});
