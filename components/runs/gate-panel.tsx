import { Alert } from "@/components/ui/alert";
import type { GateDecision } from "@/lib/contracts/gate";
import { formatInt } from "@/lib/format";

const RULE: Record<string, string> = { rejects: "Rejected rows", no_rows: "No row loaded", volume: "Volume drop" };

const figure = (rule: string, v: number) => (rule === "rejects" ? `${(v * 100).toFixed(v < 0.1 ? 2 : 1)} %` : formatInt(v));

/** Why the quality gate held the run: each failed rule with its figure and limit. */
export function GatePanel({ gate, canPublish }: { gate: GateDecision; canPublish: boolean }) {
  return (
    <Alert tone="warning" className="mb-4" title="Held by the quality gate: nothing was published">
      <p className="mb-2">
        The dashboards keep the month&apos;s previous numbers.{" "}
        {canPublish ? "Upload a corrected batch, or publish this one anyway." : "Upload a corrected batch, or ask ops to publish this one anyway."}
      </p>
      <table className="w-full text-left text-xs" aria-label="Failed quality rules">
        <thead>
          <tr className="text-muted">
            <th className="py-1 pr-3 font-medium">Table</th>
            <th className="py-1 pr-3 font-medium">Rule</th>
            <th className="py-1 pr-3 font-medium">Value</th>
            <th className="py-1 pr-3 font-medium">Limit</th>
            <th className="py-1 font-medium">Why</th>
          </tr>
        </thead>
        <tbody>
          {gate.failed.map((f) => (
            <tr key={`${f.table}:${f.rule}`} className="border-t border-border/60 align-top">
              <td className="py-1 pr-3 font-mono">{f.table}</td>
              <td className="py-1 pr-3">{RULE[f.rule] ?? f.rule}</td>
              <td className="py-1 pr-3 tabular-nums">{figure(f.rule, f.value)}</td>
              <td className="py-1 pr-3 tabular-nums">{f.rule === "rejects" ? `≤ ${figure(f.rule, f.limit)}` : `≥ ${figure(f.rule, f.limit)}`}</td>
              <td className="py-1">{f.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Alert>
  );
}
