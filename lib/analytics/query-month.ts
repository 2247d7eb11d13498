import type { Analytics } from "../backend/types";
import { assembleKpis } from "./assemble";
import { previousMonth } from "./queries";
import type { MonthKpis } from "./types";

/** Runs the dashboard queries of a month on one analytics engine (DuckDB or Athena) and assembles them. */
export async function queryMonthKpis(analytics: Analytics, month: string, dataAsOf: MonthKpis["dataAsOf"]): Promise<MonthKpis | null> {
  const prev = previousMonth(month);
  const [kpis, weekly, categories, country, channel, heatmap, reviewShare] = await Promise.all([
    analytics.query("kpis", { month, prev_month: prev }),
    analytics.query("weekly_revenue", { month }),
    analytics.query("category_sales", { month }),
    analytics.query("revenue_by_country", { month }),
    analytics.query("revenue_by_channel", { month }),
    analytics.query("heatmap", { month }),
    analytics.query("review_share", { month }),
  ]);
  return assembleKpis(month, prev, { kpis, weekly, categories, country, channel, heatmap, reviewShare }, dataAsOf);
}
