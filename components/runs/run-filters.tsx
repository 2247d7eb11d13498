"use client";

import { usePathname, useRouter } from "next/navigation";
import { SelectField } from "@/components/ui/field";
import { RUN_STATUSES, statusLabel } from "@/lib/contracts/status";

/** Status and month filters; they live in the URL so a filtered list can be shared. */
export function RunFilters({ status, month, months }: { status?: string; month?: string; months: string[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const go = (next: { status?: string; month?: string }) => {
    const q = new URLSearchParams();
    const s = "status" in next ? next.status : status;
    const m = "month" in next ? next.month : month;
    if (s) q.set("status", s);
    if (m) q.set("month", m);
    router.push(q.size ? `${pathname}?${q}` : pathname);
  };
  return (
    <div className="flex flex-wrap items-end gap-3">
      <SelectField label="Status" value={status ?? ""} onChange={(e) => go({ status: e.target.value || undefined })} className="w-40">
        <option value="">All statuses</option>
        {RUN_STATUSES.map((s) => (
          <option key={s} value={s}>
            {statusLabel(s)}
          </option>
        ))}
      </SelectField>
      <SelectField label="Month" value={month ?? ""} onChange={(e) => go({ month: e.target.value || undefined })} className="w-40">
        <option value="">All months</option>
        {months.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </SelectField>
    </div>
  );
}
