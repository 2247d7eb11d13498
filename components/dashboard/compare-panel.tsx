import { HeaderRow, Table, TBody, Td, Tr } from "@/components/ui/table";
import { fmtDelta, fmtInt, money, monthLabel, type Money } from "@/components/charts/format";
import type { PeriodNumbers } from "@/lib/analytics/range-types";

const rows = ({ fmtMoney, fmtMoney2 }: Money): { key: keyof PeriodNumbers; label: string; fmt: (n: number) => string }[] => [
  { key: "revenue", label: "Revenue", fmt: fmtMoney },
  { key: "orders", label: "Orders", fmt: fmtInt },
  { key: "buyers", label: "Buyers", fmt: fmtInt },
  { key: "aov", label: "Average order value", fmt: fmtMoney2 },
];

/** A month's numbers: null when it received no orders, undefined when it is not loaded. */
type Side = PeriodNumbers | null | undefined;

function shown(side: Side, value: number | null, fmt: (n: number) => string) {
  if (side === undefined) return <span className="text-muted">not loaded</span>;
  if (side === null) return <span className="text-muted">not available (no orders)</span>;
  return value === null ? "—" : fmt(value);
}

/** A month beside the month it is compared with; either may lack its numbers (said so). */
export function ComparePanel({ month, other, now, then, currency }: { month: string; other: string; now: Side; then: Side; currency: string }) {
  return (
    <Table label="Side by side">
      <HeaderRow columns={[{ label: "Metric" }, { label: monthLabel(month, "short"), key: "month", align: "right" }, { label: monthLabel(other, "short"), key: "other", align: "right" }, { label: "Change", align: "right" }]} />
      <TBody>
        {rows(money(currency)).map((r) => {
          const a = now ? now[r.key] : null;
          const b = then ? then[r.key] : null;
          const change = a === null || b === null || b === 0 ? null : (a - b) / b;
          return (
            <Tr key={r.key} data-metric={r.key}>
              <Td className="font-medium text-fg">{r.label}</Td>
              <Td className="text-right tabular-nums" data-value={a ?? ""}>
                {shown(now, a, r.fmt)}
              </Td>
              <Td className="text-right tabular-nums" data-value={b ?? ""}>
                {shown(then, b, r.fmt)}
              </Td>
              <Td className="text-right tabular-nums">{change === null ? "—" : fmtDelta(change)}</Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
