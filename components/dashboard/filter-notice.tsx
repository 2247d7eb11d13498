/** Under filters, a chart that reads the month's totals says it is not filtered (rather than look filtered). */
export function FilterNotice({ active }: { active: boolean }) {
  if (!active) return null;
  return (
    <p className="mb-3 rounded-md bg-warning-soft px-3 py-1.5 text-xs text-warning" data-filter-notice>
      All orders and sessions: this chart cannot take filters.
    </p>
  );
}
