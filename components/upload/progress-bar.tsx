import { cn } from "@/components/ui/cn";

/** A thin determinate bar; `label` names it for assistive tech (e.g. "orders.csv upload"). */
export function ProgressBar({ value, label, tone = "accent", className }: { value: number; label: string; tone?: "accent" | "success" | "danger"; className?: string }) {
  const pct = Math.max(0, Math.min(100, Math.round(value * 100)));
  const fill = { accent: "bg-accent", success: "bg-success", danger: "bg-danger" }[tone];
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      className={cn("h-1.5 w-full overflow-hidden rounded-full bg-surface-2", className)}
    >
      <div className={cn("h-full rounded-full transition-[width] duration-300 ease-out", fill)} style={{ width: `${pct}%` }} />
    </div>
  );
}
