import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "./cn";

/** A table that scrolls sideways on narrow screens instead of squeezing. */
export function Table({ className, label, ...rest }: HTMLAttributes<HTMLTableElement> & { label?: string }) {
  return (
    // relative: sr-only (absolute) cells must not escape the scroller and widen the page
    <div className="relative overflow-x-auto">
      <table aria-label={label} className={cn("w-full border-collapse text-sm", className)} {...rest} />
    </div>
  );
}

export const THead = ({ className, ...rest }: HTMLAttributes<HTMLTableSectionElement>) => (
  <thead className={cn("border-b border-border bg-surface-2/60 text-left text-xs uppercase tracking-wide text-muted", className)} {...rest} />
);

export const TBody = ({ className, ...rest }: HTMLAttributes<HTMLTableSectionElement>) => (
  <tbody className={cn("divide-y divide-border", className)} {...rest} />
);

export const Tr = ({ className, ...rest }: HTMLAttributes<HTMLTableRowElement>) => (
  <tr className={cn("hover:bg-surface-2/50", className)} {...rest} />
);

export const Th = ({ className, ...rest }: ThHTMLAttributes<HTMLTableCellElement>) => (
  <th scope="col" className={cn("px-4 py-2.5 font-medium whitespace-nowrap", className)} {...rest} />
);

export const Td = ({ className, ...rest }: TdHTMLAttributes<HTMLTableCellElement>) => (
  <td className={cn("px-4 py-2.5 align-middle", className)} {...rest} />
);

/** A header column: figures align right, a column may show only from a breakpoint, or be for screen readers. */
export interface Column {
  label: ReactNode;
  key?: string;
  align?: "right";
  from?: "md" | "lg" | "xl";
  srOnly?: boolean;
}

// Whole class names, so Tailwind finds them in the source.
const FROM = { md: "hidden md:table-cell", lg: "hidden lg:table-cell", xl: "hidden xl:table-cell" } as const;

/** The header row of a table, from its columns. */
export function HeaderRow({ columns }: { columns: Column[] }) {
  return (
    <THead>
      <tr>
        {columns.map((c, i) => (
          <Th key={c.key ?? (typeof c.label === "string" ? c.label : i)} className={cn(c.align === "right" && "text-right", c.from && FROM[c.from])}>
            {c.srOnly ? <span className="sr-only">{c.label}</span> : c.label}
          </Th>
        ))}
      </tr>
    </THead>
  );
}
