/** Number formatting for the dashboard: en-US digits; amounts with the shop's currency (SHOP_CURRENCY). */
const int = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

export interface Money {
  /** Whole units from 10,000 on, else cents. */
  fmtMoney: (n: number) => string;
  fmtMoney2: (n: number) => string;
  /** Axis ticks: "$1.2M". */
  fmtMoneyCompact: (n: number) => string;
}

const moneyByCurrency = new Map<string, Money>();

/**
 * Amounts in one currency, as the page's server and client write them alike (the page passes the
 * currency down: client charts cannot read the server's configuration). Sums are never converted.
 */
export function money(currency: string): Money {
  let m = moneyByCurrency.get(currency);
  if (!m) {
    const f = (o: Intl.NumberFormatOptions) => new Intl.NumberFormat("en-US", { style: "currency", currency, ...o });
    const [whole, cents, short] = [f({ maximumFractionDigits: 0 }), f({ minimumFractionDigits: 2, maximumFractionDigits: 2 }), f({ notation: "compact", maximumFractionDigits: 1 })];
    m = { fmtMoney: (n) => (Math.abs(n) >= 10_000 ? whole : cents).format(n), fmtMoney2: (n) => cents.format(n), fmtMoneyCompact: (n) => short.format(n) };
    moneyByCurrency.set(currency, m);
  }
  return m;
}
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
