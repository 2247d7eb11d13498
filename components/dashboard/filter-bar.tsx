"use client";

import { useId } from "react";
import { Button } from "@/components/ui/button";
import { channelLabel, countryName } from "@/components/charts/format";
import type { DashboardState } from "@/lib/analytics/dashboard-url";
import { FILTER_KEYS, hasFilters, type DashboardFilters, type FilterKey } from "@/lib/analytics/filters";
import { CHANNELS, DEVICES } from "@/lib/contracts/tables";
import { useDashboardNav } from "./use-dashboard-nav";

export interface FilterOptions {
  countries: string[];
  categories: string[];
}

const LABELS: Record<FilterKey, string> = { country: "Country", channel: "Channel", device: "Device", category: "Category" };

/** Country, channel, device and category: each one a select; "All" clears it. */
export function FilterBar({ state, options }: { state: DashboardState; options: FilterOptions }) {
  const { go } = useDashboardNav(state);
  const baseId = useId();
  const values: Record<FilterKey, { value: string; label: string }[]> = {
    country: options.countries.map((c) => ({ value: c, label: c === "??" ? "Unknown (??)" : `${countryName(c)} (${c})` })),
    channel: CHANNELS.map((c) => ({ value: c, label: channelLabel(c) })),
    device: DEVICES.map((d) => ({ value: d, label: channelLabel(d) })),
    category: options.categories.map((c) => ({ value: c, label: c })),
  };
  const set = (k: FilterKey, v: string) => {
    const filters: DashboardFilters = { ...state.filters };
    if (v === "") delete filters[k];
    else Object.assign(filters, { [k]: v });
    go({ ...state, filters });
  };
  return (
    <div role="group" aria-label="Filters" className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-border bg-surface px-4 py-3 shadow-sm">
      {FILTER_KEYS.map((k) => {
        const current = state.filters[k];
        // A value from the URL that this period does not have stays selectable (and shows as chosen).
        const list = current && !values[k].some((o) => o.value === current) ? [{ value: current, label: current }, ...values[k]] : values[k];
        return (
          <div key={k} className="flex flex-col gap-1">
            <label htmlFor={`${baseId}-${k}`} className="text-xs font-medium text-muted">
              {LABELS[k]}
            </label>
            <select
              id={`${baseId}-${k}`}
              value={current ?? ""}
              onChange={(e) => set(k, e.target.value)}
              className="h-9 min-w-36 rounded-md border border-border bg-surface px-2 text-sm text-fg focus:border-accent focus:outline-none focus:ring-2 focus:ring-ring/40"
            >
              <option value="">All</option>
              {list.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      {hasFilters(state.filters) ? (
        <Button variant="secondary" size="sm" onClick={() => go({ ...state, filters: {} })}>
          Clear filters
        </Button>
      ) : null}
      <p className="basis-full text-xs text-muted">
        Click a country, channel or category bar to filter to it. Category keeps the orders with at least one line of it (and, in category and product charts, only its lines).
      </p>
    </div>
  );
}
