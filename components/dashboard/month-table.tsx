import { cn } from "@/components/ui/cn";
import { HeaderRow, Table, TBody, Td, Tr } from "@/components/ui/table";
import { fmtDelta, fmtInt, money, monthLabel } from "@/components/charts/format";
import type { RangeMonth } from "@/lib/analytics/range-types";

function Change({ value, label }: { value: number | null | undefined; label: string }) {
  if (value === null || value === undefined) return <span className="text-muted" title={`${label}: not available (a month not loaded or without orders)`}>—</span>;
  return (
    <span data-delta={value} className={cn("tabular-nums", value > 0.0005 ? "text-success" : value < -0.0005 ? "text-danger" : "text-muted")}>
      {fmtDelta(value)}
    </span>
  );
}

/**
 * What a month lacks, in words: its numbers need orders, categories order lines, the funnel and sessions
 * heatmap sessions/events, post-sale reviews.
 */
function missingText(m: RangeMonth): string | null {
  const parts: string[] = [];
  if (m.missing.includes("orders")) parts.push("orders: not available");
  else if (m.missing.includes("order_items")) parts.push("order lines: not available");
  if (m.missing.includes("sessions") || m.missing.includes("events")) parts.push("funnel and sessions: not available");
  if (m.missing.includes("reviews")) parts.push("reviews: not available");
  return parts.length ? parts.join("; ") : null;
}

/** The trend's numbers per month with their month-over-month and year-over-year change. */
export function MonthTable({ months, currency }: { months: RangeMonth[]; currency: string }) {
  const { fmtMoney, fmtMoney2 } = money(currency);
  return (
    <Table label="Months of the range">
      <HeaderRow columns={[{ label: "Month" }, ...["Revenue", "MoM", "YoY", "Orders", "Buyers", "AOV"].map((label) => ({ label, align: "right" as const })), { label: "Data" }]} />
      <TBody>
        {months.map((m) => {
          const missing = missingText(m);
          return (
            <Tr key={m.month} data-month={m.month}>
              <Td className="whitespace-nowrap font-medium text-fg">{monthLabel(m.month, "short")}</Td>
              <Td className="text-right tabular-nums" data-metric="revenue" data-value={m.revenue ?? ""}>
                {m.revenue === null ? "—" : fmtMoney(m.revenue)}
              </Td>
              <Td className="text-right">
                <Change value={m.mom?.revenue} label="month over month" />
              </Td>
              <Td className="text-right">
                <Change value={m.yoy?.revenue} label="year over year" />
              </Td>
              <Td className="text-right tabular-nums" data-metric="orders" data-value={m.orders ?? ""}>
                {m.orders === null ? "—" : fmtInt(m.orders)}
              </Td>
              <Td className="text-right tabular-nums" data-metric="buyers" data-value={m.buyers ?? ""}>
                {m.buyers === null ? "—" : fmtInt(m.buyers)}
              </Td>
              <Td className="text-right tabular-nums" data-metric="aov" data-value={m.aov ?? ""}>
                {m.aov === null ? "—" : fmtMoney2(m.aov)}
              </Td>
              <Td className="text-xs text-muted" data-not-available={missing ? "" : undefined}>
                {missing ?? "complete"}
              </Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
