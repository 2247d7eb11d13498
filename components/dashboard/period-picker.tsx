"use client";

import { useId } from "react";
import { Spinner } from "@/components/ui/spinner";
import { monthLabel } from "@/components/charts/format";
import { defaultRange, type DashboardState } from "@/lib/analytics/dashboard-url";
import { useDashboardNav } from "./use-dashboard-nav";

const SELECT =
  "h-10 rounded-md border border-border bg-surface px-3 text-sm text-fg shadow-sm focus:border-accent focus:outline-none focus:ring-2 focus:ring-ring/40";

/** One month (with its compare) or a range of loaded months; the filters stay as they are. */
export function PeriodPicker({ months, state }: { months: string[]; state: DashboardState }) {
  const { pending, go } = useDashboardNav(state);
  const ids = { view: useId(), month: useId(), from: useId(), to: useId() };
  const p = state.period;
  const oldestFirst = [...months].reverse();
  const options = (list: string[]) =>
    list.map((m) => (
      <option key={m} value={m}>
        {monthLabel(m)} ({m})
      </option>
    ));
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label htmlFor={ids.view} className="text-sm font-medium text-fg">
        Period
      </label>
      <select
        id={ids.view}
        value={p.view}
        className={SELECT}
        onChange={(e) =>
          go({ ...state, period: e.target.value === "month" ? { view: "month", month: p.view === "range" ? p.to : p.month, compare: "prev" } : defaultRange(months) })
        }
      >
        <option value="month">One month</option>
        <option value="range">Range of months</option>
      </select>
      {p.view === "month" ? (
        <>
          <label htmlFor={ids.month} className="text-sm font-medium text-fg">
            Month
          </label>
          <select id={ids.month} value={p.month} className={SELECT} onChange={(e) => go({ ...state, period: { ...p, month: e.target.value } })}>
            {options(months)}
          </select>
        </>
      ) : (
        <>
          <label htmlFor={ids.from} className="text-sm font-medium text-fg">
            From
          </label>
          <select
            id={ids.from}
            value={p.from}
            className={SELECT}
            onChange={(e) => go({ ...state, period: { ...p, from: e.target.value, to: e.target.value > p.to ? e.target.value : p.to } })}
          >
            {options(oldestFirst.includes(p.from) ? oldestFirst : [p.from, ...oldestFirst])}
          </select>
          <label htmlFor={ids.to} className="text-sm font-medium text-fg">
            To
          </label>
          <select
            id={ids.to}
            value={p.to}
            className={SELECT}
            onChange={(e) => go({ ...state, period: { ...p, to: e.target.value, from: e.target.value < p.from ? e.target.value : p.from } })}
          >
            {options(oldestFirst.includes(p.to) ? oldestFirst : [...oldestFirst, p.to])}
          </select>
        </>
      )}
      {pending ? <Spinner className="size-4 text-muted" label="Loading" /> : null}
    </div>
  );
}
