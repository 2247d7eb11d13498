"use client";

import { useRouter } from "next/navigation";
import { useId, useTransition } from "react";
import { Spinner } from "@/components/ui/spinner";
import { monthLabel } from "./format";

/** Months with curated data, newest first; choosing one navigates to ?month=. */
export function MonthSelect({ months, value }: { months: string[]; value: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm font-medium text-fg">
        Month
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          const m = e.target.value;
          startTransition(() => router.push(`/dashboard?month=${encodeURIComponent(m)}`));
        }}
        className="h-10 rounded-md border border-border bg-surface px-3 text-sm text-fg shadow-sm focus:border-accent focus:outline-none focus:ring-2 focus:ring-ring/40"
      >
        {months.map((m) => (
          <option key={m} value={m}>
            {monthLabel(m)} ({m})
          </option>
        ))}
      </select>
      {pending ? <Spinner className="size-4 text-muted" label="Loading month" /> : null}
    </div>
  );
}
