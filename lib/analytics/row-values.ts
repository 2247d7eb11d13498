import type { SqlRow } from "../backend/types";
import type { CategorySales } from "./types";

// Reading the analytics queries' rows (DuckDB, Athena and PostgreSQL give numbers as numbers or
// strings), and the ratios every view computes from them.

export const num = (v: unknown): number => (typeof v === "number" ? v : Number(v ?? 0));
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
export const textOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
/** a / b; null when b is 0 (no orders: no AOV, not 0). */
export const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
/** (now − before) / before; null when either is missing or before is 0. */
export const delta = (now: number | null, before: number | null) => (now === null || before === null || before === 0 ? null : (now - before) / before);

/** A category's (or product's) sales row: margin null when no line has a known cost, coverage = share of sales with one. */
export function categorySales(c: SqlRow): CategorySales {
  const sales = num(c.sales);
  const salesWithCost = num(c.sales_with_cost);
  return { category: String(c.category), units: num(c.units), sales, salesWithCost, margin: numOrNull(c.margin), marginCoverage: ratio(salesWithCost, sales) };
}
