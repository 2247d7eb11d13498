import type { SqlRow } from "../backend/types";
import type { FunnelStep, FunnelStepPair, MonthKpis } from "./types";

const num = (v: unknown): number => (typeof v === "number" ? v : Number(v ?? 0));
const delta = (now: number | null, prev: number | null) => (now === null || prev === null || prev === 0 ? null : (now - prev) / prev);
const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

export interface QueryResults {
  kpis: SqlRow[];
  weekly: SqlRow[];
  categories: SqlRow[];
  country: SqlRow[];
  channel: SqlRow[];
  heatmap: SqlRow[];
}

/** Pure assembly of the query results into MonthKpis (shared by every analytics engine). */
export function assembleKpis(month: string, prevMonth: string, r: QueryResults, dataAsOf: MonthKpis["dataAsOf"]): MonthKpis | null {
  const cur = r.kpis.find((k) => k.month === month);
  if (!cur) return null;
  const prev = r.kpis.find((k) => k.month === prevMonth) ?? null;
  const revenue = num(cur.revenue);
  const orders = num(cur.orders);
  const aov = ratio(revenue, orders);
  const pRevenue = prev ? num(prev.revenue) : null;
  const pOrders = prev ? num(prev.orders) : null;
  const counts: Record<FunnelStep, number> = {
    sessions: num(cur.sessions), browsed: num(cur.browsed), cart: num(cur.cart), checkout: num(cur.checkout), purchased: num(cur.purchased),
  };
  const order: FunnelStep[] = ["sessions", "browsed", "cart", "checkout", "purchased"];
  const steps: FunnelStepPair[] = order.slice(1).map((to, i) => {
    const from = order[i]!;
    const conversion = ratio(counts[to], counts[from]);
    return { from, to, conversion, drop: conversion === null ? null : 1 - conversion };
  });
  const biggestDrop = steps.filter((s) => s.conversion !== null).reduce<FunnelStepPair | null>(
    (best, s) => (best === null || (s.conversion as number) < (best.conversion as number) ? s : best), null);
  return {
    month,
    revenue,
    orders,
    buyers: num(cur.buyers),
    aov,
    mom: prev
      ? {
          revenue: delta(revenue, pRevenue),
          orders: delta(orders, pOrders),
          buyers: delta(num(cur.buyers), num(prev.buyers)),
          aov: delta(aov, pRevenue !== null && pOrders ? pRevenue / pOrders : null),
        }
      : null,
    weekly: r.weekly.map((w) => ({ week: String(w.iso_week), weekStart: String(w.week_start), revenue: num(w.revenue), orders: num(w.orders) })),
    categories: r.categories.map((c) => ({ category: String(c.category), units: num(c.units), sales: num(c.sales), margin: num(c.margin) })),
    funnel: { ...counts, steps, biggestDrop },
    postSaleReviewShare: ratio(num(cur.reviewed_orders), orders),
    revenueByCountry: Object.fromEntries(r.country.map((c) => [String(c.country), num(c.revenue)])),
    revenueByChannel: Object.fromEntries(r.channel.map((c) => [String(c.channel), num(c.revenue)])),
    heatmap: {
      sessions: r.heatmap.map((h) => [num(h.dow), num(h.hour), num(h.sessions)]),
      orders: r.heatmap.map((h) => [num(h.dow), num(h.hour), num(h.orders)]),
    },
    dataAsOf,
  };
}
