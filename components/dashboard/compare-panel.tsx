import { HeaderRow, Table, TBody, Td, Tr } from "@/components/ui/table";
import { fmtDelta, fmtInt, money, monthLabel, type Money } from "@/components/charts/format";
import type { PeriodNumbers } from "@/lib/analytics/range-types";

const rows = ({ fmtMoney, fmtMoney2 }: Money): { key: keyof PeriodNumbers; label: string; fmt: (n: number) => string }[] => [
  { key: "revenue", label: "Revenue", fmt: fmtMoney },
  { key: "orders", label: "Orders", fmt: fmtInt },
  { key: "buyers", label: "Buyers", fmt: fmtInt },
  { key: "aov", label: "Average order value", fmt: fmtMoney2 },
];

/** A month beside the month it is compared with; the other month may not be loaded (said so). */
export function ComparePanel({ month, other, now, then, currency }: { month: string; other: string; now: PeriodNumbers; then: PeriodNumbers | null; currency: string }) {
  return (
    <Table label="Side by side">
      <HeaderRow columns={[{ label: "Metric" }, { label: monthLabel(month, "short"), key: "month", align: "right" }, { label: monthLabel(other, "short"), key: "other", align: "right" }, { label: "Change", align: "right" }]} />
      <TBody>
        {rows(money(currency)).map((r) => {
          const a = now[r.key];
          const b = then ? then[r.key] : null;
          const change = a === null || b === null || b === 0 ? null : (a - b) / b;
          return (
            <Tr key={r.key} data-metric={r.key}>
              <Td className="font-medium text-fg">{r.label}</Td>
              <Td className="text-right tabular-nums" data-value={a ?? ""}>
                {a === null ? "—" : r.fmt(a)}
              </Td>
              <Td className="text-right tabular-nums" data-value={b ?? ""}>
                {then === null ? <span className="text-muted">not loaded</span> : b === null ? "—" : r.fmt(b)}
              </Td>
              <Td className="text-right tabular-nums">{change === null ? "—" : fmtDelta(change)}</Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
