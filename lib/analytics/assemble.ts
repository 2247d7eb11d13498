import type { SqlRow } from "../backend/types";
import type { CategorySales, FunnelStep, FunnelStepPair, HeatmapCell, MonthKpis, NotAvailable, OptionalTable } from "./types";

const num = (v: unknown): number => (typeof v === "number" ? v : Number(v ?? 0));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
const delta = (now: number | null, prev: number | null) => (now === null || prev === null || prev === 0 ? null : (now - prev) / prev);
const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
/** A sum of the marts' DECIMAL(18, 4) values, exact to their 4 decimals (a float sum gave 59200.899999999994). */
const sum4 = (xs: number[]) => Math.round(xs.reduce((s, x) => s + x, 0) * 1e4) / 1e4;

export const REVIEW_SHARE_NOTE = "Reviews arrive weeks after the order: this share grows as later months are loaded.";

export interface QueryResults {
  kpis: SqlRow[];
  weekly: SqlRow[];
  categories: SqlRow[];
  country: SqlRow[];
  channel: SqlRow[];
  heatmap: SqlRow[];
  reviewShare: SqlRow[];
}

/** "this month has no sessions or events" and the tables, for a number that needs them. */
function notAvailable(missing: OptionalTable[], reason: string): NotAvailable {
  return { available: false, missing, reason };
}

function monthLacks(missing: OptionalTable[]): string {
  return `this month has no ${missing.join(" or ")}`;
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
  // Months curated before the flags existed (null) counted their tables as they were.
  const received = (t: OptionalTable) => cur[`has_${t}`] !== false;
  const funnelMissing = (["sessions", "events"] as const).filter((t) => !received(t));

  const categories: CategorySales[] = r.categories.map((c) => {
    const sales = num(c.sales);
    const salesWithCost = num(c.sales_with_cost);
    return { category: String(c.category), units: num(c.units), sales, salesWithCost, margin: numOrNull(c.margin), marginCoverage: ratio(salesWithCost, sales) };
  });
  const sales = sum4(categories.map((c) => c.sales));
  const salesWithCost = sum4(categories.map((c) => c.salesWithCost));
  const margins = categories.filter((c) => c.margin !== null);

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
    categories,
    margin: {
      value: margins.length ? sum4(margins.map((c) => c.margin as number)) : null,
      salesWithCost,
      coverage: ratio(salesWithCost, sales),
    },
    funnel: funnelMissing.length ? notAvailable(funnelMissing, monthLacks(funnelMissing)) : { available: true, ...funnel(cur) },
    postSale: postSale(r.reviewShare.find((x) => x.month === month), orders),
    revenueByCountry: Object.fromEntries(r.country.map((c) => [String(c.country), num(c.revenue)])),
    revenueByChannel: Object.fromEntries(r.channel.map((c) => [String(c.channel), num(c.revenue)])),
    heatmap: {
      sessions: received("sessions")
        ? { available: true, cells: r.heatmap.map((h): HeatmapCell => [num(h.dow), num(h.hour), num(h.sessions)]) }
        : notAvailable(["sessions"], monthLacks(["sessions"])),
      orders: r.heatmap.map((h): HeatmapCell => [num(h.dow), num(h.hour), num(h.orders)]),
    },
    dataAsOf,
  };
}

function funnel(cur: SqlRow) {
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
  return { ...counts, steps, biggestDrop };
}

/** Not available while no loaded month from this one on received a reviews table. */
function postSale(row: SqlRow | undefined, orders: number): MonthKpis["postSale"] {
  if (!row || num(row.months_with_reviews) === 0) return notAvailable(["reviews"], "no reviews loaded for this month or later");
  const reviewedOrders = num(row.reviewed_orders);
  return { available: true, reviewShare: ratio(reviewedOrders, orders), reviewedOrders, note: REVIEW_SHARE_NOTE };
}
