/** Number formatting for the dashboard (en-US, amounts in the shop's currency, shown as USD). */
const money0 = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });
const money2 = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2 });
const compactMoney = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", notation: "compact", maximumFractionDigits: 1 });
const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

export const fmtMoney = (n: number) => (Math.abs(n) >= 10_000 ? money0 : money2).format(n);
export const fmtMoney2 = (n: number) => money2.format(n);
export const fmtMoneyCompact = (n: number) => compactMoney.format(n);
export const fmtInt = (n: number) => int.format(n);
export const fmtCompact = (n: number) => compact.format(n);

export function fmtPct(x: number | null, digits = 1): string {
  if (x === null || !Number.isFinite(x)) return "—";
  return `${(x * 100).toFixed(digits)}%`;
}

export function fmtDelta(x: number): string {
  const sign = x > 0 ? "+" : x < 0 ? "−" : "±";
  return `${sign}${Math.abs(x * 100).toFixed(1)}%`;
}

// Months are labelled and counted as everywhere else in the portal.
export { monthLabel } from "@/lib/format";
export { previousMonth } from "@/lib/contracts/months";

const regionNames = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames(["en"], { type: "region" }) : null;

export function countryName(code: string): string {
  try {
    return regionNames?.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

export function channelLabel(ch: string): string {
  const s = ch.replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const DAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
