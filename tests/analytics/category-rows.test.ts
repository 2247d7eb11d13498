// The category chart draws ten bars and "Other" at most: a real Olist export has 71 categories.
import { describe, expect, it } from "vitest";
import type { CategoryPoint } from "@/components/charts/category-chart";
import { categoryRows, MAX_CATEGORY_BARS } from "@/components/charts/category-rows";

const point = (category: string, sales: number, margin: number | null, salesWithCost = margin === null ? 0 : sales): CategoryPoint => ({
  category,
  units: 1,
  sales,
  margin,
  salesWithCost,
  marginCoverage: sales ? salesWithCost / sales : null,
});

describe("category chart rows", () => {
  it("up to ten: every category, largest sales first", () => {
    const rows = categoryRows([point("b", 5, 1), point("a", 9, 2), point("c", 5, null)]);
    expect(rows.map((r) => [r.category, r.others])).toEqual([["a", 0], ["b", 0], ["c", 0]]);
  });

  it("past ten, the rest is one row whose sums and margin coverage add up", () => {
    const data = Array.from({ length: 71 }, (_, i) => point(`cat_${String(i).padStart(2, "0")}`, 1000 - i, i % 2 ? null : 10, i % 2 ? 0 : 1000 - i));
    const rows = categoryRows(data);
    expect(rows).toHaveLength(MAX_CATEGORY_BARS + 1);
    expect(rows.slice(0, MAX_CATEGORY_BARS).map((r) => r.category)).toEqual(data.slice(0, MAX_CATEGORY_BARS).map((p) => p.category));
    const rest = data.slice(MAX_CATEGORY_BARS);
    const other = rows.at(-1)!;
    const sales = rest.reduce((s, p) => s + p.sales, 0);
    const withCost = rest.filter((p) => p.margin !== null);
    expect(other).toEqual({
      category: `Other (${rest.length} categories)`,
      others: 71 - MAX_CATEGORY_BARS,
      units: rest.length,
      sales,
      margin: 10 * withCost.length,
      salesWithCost: withCost.reduce((s, p) => s + p.sales, 0),
      marginCoverage: withCost.reduce((s, p) => s + p.sales, 0) / sales,
    });
    // Every category's sales are in the chart once.
    expect(rows.reduce((s, r) => s + r.sales, 0)).toBe(data.reduce((s, p) => s + p.sales, 0));
  });

  it("no known cost among the rest: its margin is not available, not zero", () => {
    const data = Array.from({ length: MAX_CATEGORY_BARS + 2 }, (_, i) => point(`c${i}`, 100 - i, i < MAX_CATEGORY_BARS ? 5 : null));
    expect(categoryRows(data).at(-1)).toMatchObject({ others: 2, margin: null, marginCoverage: null });
  });
});
