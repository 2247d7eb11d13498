import type { CategoryPoint } from "./category-chart";

/** A chart row: a category, or the categories past the first `max` summed into one bar. */
export type CategoryRow = CategoryPoint & { others: number };

/** Bars a category chart draws before the rest become one "Other" bar (Olist alone has 71 categories), as the country chart does. */
export const MAX_CATEGORY_BARS = 10;

/**
 * Largest sales first; past `max`, the rest are summed into one row (its margin over the lines with a
 * known cost, as each category's is; none known stays "not available"). The CSV keeps every category.
 */
export function categoryRows(data: readonly CategoryPoint[], max = MAX_CATEGORY_BARS): CategoryRow[] {
  const sorted = [...data].sort((a, b) => b.sales - a.sales || a.category.localeCompare(b.category)).map((p) => ({ ...p, others: 0 }));
  if (sorted.length <= max) return sorted;
  const rest = sorted.slice(max);
  const sum = (f: (p: CategoryPoint) => number) => rest.reduce((s, p) => s + f(p), 0);
  const sales = sum((p) => p.sales);
  const salesWithCost = sum((p) => p.salesWithCost);
  const known = rest.filter((p) => p.margin !== null);
  const other: CategoryRow = {
    category: `Other (${rest.length} categories)`,
    units: sum((p) => p.units),
    sales,
    margin: known.length ? known.reduce((s, p) => s + p.margin!, 0) : null,
    salesWithCost,
    marginCoverage: known.length && sales > 0 ? salesWithCost / sales : null,
    others: rest.length,
  };
  return [...sorted.slice(0, max), other];
}
