import type { TopProduct } from "@/lib/analytics/range-types";
import { HeaderRow, Table, TBody, Td, Tr } from "@/components/ui/table";
import { fmtInt, fmtPct, money } from "./format";

/** Best sellers of the period; margin only over lines with a known cost, with that coverage. */
export function TopProducts({ products, currency }: { products: TopProduct[]; currency: string }) {
  const { fmtMoney } = money(currency);
  return (
    <Table label="Top products">
      <HeaderRow columns={[{ label: "Product" }, { label: "Category" }, ...["Units", "Sales", "Margin"].map((label) => ({ label, align: "right" as const }))]} />
      <TBody>
        {products.map((p) => (
          <Tr key={p.productId}>
            <Td>
              <span className="font-medium text-fg">{p.name}</span> <span className="font-mono text-xs text-muted">{p.productId}</span>
            </Td>
            <Td className="text-muted">{p.category}</Td>
            <Td className="text-right tabular-nums">{fmtInt(p.units)}</Td>
            <Td className="text-right tabular-nums" data-value={p.sales}>
              {fmtMoney(p.sales)}
            </Td>
            <Td className="text-right tabular-nums">
              {p.margin === null ? (
                <span className="text-muted">not available (no cost)</span>
              ) : (
                <>
                  {fmtMoney(p.margin)}
                  {p.marginCoverage !== null && p.marginCoverage < 1 ? <span className="text-xs text-muted"> on {fmtPct(p.marginCoverage, 0)} of sales</span> : null}
                </>
              )}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
