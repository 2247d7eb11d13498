import type { ReactNode } from "react";
import { cn } from "./cn";

type AlertTone = "info" | "success" | "warning" | "danger";
const tones: Record<AlertTone, string> = {
  info: "bg-info-soft text-info border-info/30",
  success: "bg-success-soft text-success border-success/30",
  warning: "bg-warning-soft text-warning border-warning/30",
  danger: "bg-danger-soft text-danger border-danger/30",
};

/** An inline message. Danger ones are announced (role="alert"). */
export function Alert({ tone = "info", title, children, className }: { tone?: AlertTone; title?: string; children?: ReactNode; className?: string }) {
  return (
    <div role={tone === "danger" ? "alert" : "status"} className={cn("rounded-md border px-4 py-3 text-sm", tones[tone], className)}>
      {title ? <p className="font-medium">{title}</p> : null}
      {children ? <div className={cn(title && "mt-1", "text-fg/80")}>{children}</div> : null}
    </div>
  );
}
