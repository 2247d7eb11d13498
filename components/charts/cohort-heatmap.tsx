import type { Cohort } from "@/lib/analytics/range-types";
import { HeaderRow, Table, TBody, Td, Tr } from "@/components/ui/table";
import { fmtInt, fmtPct, monthLabel } from "./format";

/** Cohort retention as a table whose cells are shaded by their share (a heatmap people can also read). */
export function CohortHeatmap({ cohorts }: { cohorts: Cohort[] }) {
  const width = Math.max(0, ...cohorts.map((c) => c.retention.length));
  return (
    <Table label="Cohort retention" className="text-xs">
      <HeaderRow columns={[{ label: "First order" }, { label: "Buyers", align: "right" }, ...Array.from({ length: width }, (_, i) => ({ label: `+${i + 1} mo`, align: "right" as const }))]} />
      <TBody>
        {cohorts.map((c) => (
          <Tr key={c.cohort} data-cohort={c.cohort}>
            <Td className="whitespace-nowrap font-medium text-fg">{monthLabel(c.cohort, "short")}</Td>
            <Td className="text-right tabular-nums" data-value={c.size}>
              {fmtInt(c.size)}
            </Td>
            {Array.from({ length: width }, (_, i) => {
              const cell = c.retention[i];
              if (!cell) return <Td key={i} />;
              if (cell.share === null) return <Td key={i} className="text-right text-muted" title={`${cell.month} is not loaded`}>n/a</Td>;
              const pct = Math.round(Math.min(1, cell.share * 2.5) * 100);
              return (
                <Td
                  key={i}
                  data-value={cell.share}
                  title={`${fmtInt(cell.buyers)} of ${fmtInt(c.size)} bought in ${monthLabel(cell.month)}`}
                  className="text-right tabular-nums text-fg"
                  style={{ background: `color-mix(in srgb, var(--accent) ${pct}%, transparent)` }}
                >
                  {fmtPct(cell.share)}
                </Td>
              );
            })}
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
