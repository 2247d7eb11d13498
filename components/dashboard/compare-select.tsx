"use client";

import { useId } from "react";
import type { Compare, DashboardState } from "@/lib/analytics/dashboard-url";
import { useDashboardNav } from "./use-dashboard-nav";

export function CompareSelect({ state }: { state: DashboardState }) {
  const { go } = useDashboardNav(state);
  const id = useId();
  const p = state.period;
  if (p.view !== "month") return null;
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-xs font-medium text-muted">
        Compare with
      </label>
      <select
        id={id}
        value={p.compare}
        onChange={(e) => go({ ...state, period: { ...p, compare: e.target.value as Compare } })}
        className="h-8 rounded-md border border-border bg-surface px-2 text-xs text-fg"
      >
        <option value="prev">Previous month</option>
        <option value="yoy">Same month a year earlier</option>
      </select>
    </div>
  );
}
