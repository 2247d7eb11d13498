import type { RangeKpis } from "./range-types";

/**
 * What the dashboard says when the period's orders are not all in the shop's currency (SHOP_CURRENCY):
 * sums are never converted, so a reader must know that the amounts mix currencies or wear another sign.
 */
export function currencyNote(c: RangeKpis["currencies"], shown: string): { title: string; text: string } | null {
  if (c.count === 0 || (c.count === 1 && c.first === shown)) return null;
  if (c.count === 1) {
    return { title: `Orders in ${c.first}`, text: `This period's orders are in ${c.first}; the dashboard writes amounts in ${shown} (SHOP_CURRENCY) without converting them.` };
  }
  return {
    title: "Orders in more than one currency",
    text: `This period's orders are in ${c.count} currencies (${c.first} … ${c.last}): amounts are summed as the orders give them, not converted, and written in ${shown}.`,
  };
}
