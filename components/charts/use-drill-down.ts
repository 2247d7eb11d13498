"use client";

import { useDashboardNav } from "@/components/dashboard/use-dashboard-nav";
import type { DashboardState } from "@/lib/analytics/dashboard-url";
import type { FilterKey } from "@/lib/analytics/filters";

/** Which filter a chart's bars set, and the view they set it in. */
export interface DrillDown {
  filter: FilterKey;
  state: DashboardState;
}

/** A bar's click handler that filters the dashboard to that bar; undefined when the chart does not drill. */
export function useDrillDown(drill: DrillDown | undefined): ((value: string) => void) | undefined {
  const nav = useDashboardNav(drill?.state ?? { period: { view: "month", month: "", compare: "prev" }, filters: {} });
  if (!drill) return undefined;
  return (value: string) => nav.go({ ...drill.state, filters: { ...drill.state.filters, [drill.filter]: value } });
}
