"use client";

import { useId, type ReactNode } from "react";
import { Spinner } from "@/components/ui/spinner";
import { monthLabel } from "@/components/charts/format";
import { defaultRange, type DashboardState } from "@/lib/analytics/dashboard-url";
import { useDashboardNav } from "./use-dashboard-nav";

const SELECT =
  "h-10 rounded-md border border-border bg-surface px-3 text-sm text-fg shadow-sm focus:border-accent focus:outline-none focus:ring-2 focus:ring-ring/40";

/** One month (with its compare) or a range of loaded months; the filters stay as they are. */
export function PeriodPicker({ months, state }: { months: string[]; state: DashboardState }) {
  const { pending, go } = useDashboardNav(state);
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
      <LabelledSelect
        label="Period"
        value={p.view}
        onChange={(v) => go({ ...state, period: v === "month" ? { view: "month", month: p.view === "range" ? p.to : p.month, compare: "prev" } : defaultRange(months) })}
      >
        <option value="month">One month</option>
        <option value="range">Range of months</option>
      </LabelledSelect>
      {p.view === "month" ? (
        <LabelledSelect label="Month" value={p.month} onChange={(v) => go({ ...state, period: { ...p, month: v } })}>
          {options(months)}
        </LabelledSelect>
      ) : (
        <>
          <LabelledSelect label="From" value={p.from} onChange={(v) => go({ ...state, period: { ...p, from: v, to: v > p.to ? v : p.to } })}>
            {options(oldestFirst.includes(p.from) ? oldestFirst : [p.from, ...oldestFirst])}
          </LabelledSelect>
          <LabelledSelect label="To" value={p.to} onChange={(v) => go({ ...state, period: { ...p, to: v, from: v < p.from ? v : p.from } })}>
            {options(oldestFirst.includes(p.to) ? oldestFirst : [...oldestFirst, p.to])}
          </LabelledSelect>
        </>
      )}
      {pending ? <Spinner className="size-4 text-muted" label="Loading" /> : null}
    </div>
  );
}

function LabelledSelect({ label, value, onChange, children }: { label: string; value: string; onChange: (value: string) => void; children: ReactNode }) {
  const id = useId();
  return (
    <>
      <label htmlFor={id} className="text-sm font-medium text-fg">
        {label}
      </label>
      <select id={id} value={value} className={SELECT} onChange={(e) => onChange(e.target.value)}>
        {children}
      </select>
    </>
  );
}
