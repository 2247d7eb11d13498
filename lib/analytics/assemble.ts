import type { SqlRow } from "../backend/types";
import { categorySales, delta, num, ratio } from "./row-values";
import type { CategorySales, FunnelStep, FunnelStepPair, HeatmapCell, MonthKpis, NotAvailable, OptionalTable } from "./types";

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

/** "this month has no sessions or events": the tables in words (order_items are "order lines"). */
export function monthLacks(missing: OptionalTable[]): string {
  return `this month has no ${missing.map((t) => (t === "order_items" ? "order lines" : t)).join(" or ")}`;
}

/** The fact tables a month never received (null flags: months curated before the flags counted them as there). */
export function missingTables(row: SqlRow): OptionalTable[] {
  return OPTIONAL_TABLES.filter((t) => row[`has_${t}`] === false);
}
const OPTIONAL_TABLES: readonly OptionalTable[] = ["orders", "order_items", "sessions", "events", "reviews"];

/** Pure assembly of the query results into MonthKpis (shared by every analytics engine). */
export function assembleKpis(month: string, prevMonth: string, r: QueryResults, dataAsOf: MonthKpis["dataAsOf"]): MonthKpis | null {
  const cur = r.kpis.find((k) => k.month === month);
  if (!cur) return null;
  const missing = missingTables(cur);
  const lacks = (...tables: OptionalTable[]) => tables.filter((t) => missing.includes(t));
  const prev = r.kpis.find((k) => k.month === prevMonth) ?? null;
  // Without orders the month's revenue, orders and buyers are not available, and so is a change against it.
  const hasOrders = !missing.includes("orders");
  const prevHasOrders = prev !== null && !missingTables(prev).includes("orders");
  const revenue = hasOrders ? num(cur.revenue) : null;
  const orders = hasOrders ? num(cur.orders) : null;
  const buyers = hasOrders ? num(cur.buyers) : null;
  const aov = revenue !== null && orders !== null ? ratio(revenue, orders) : null;
  const pRevenue = prevHasOrders ? num(prev.revenue) : null;
  const pOrders = prevHasOrders ? num(prev.orders) : null;
  const funnelMissing = lacks("sessions", "events");

  const categories: CategorySales[] = lacks("orders", "order_items").length ? [] : r.categories.map(categorySales);
  const sales = sum4(categories.map((c) => c.sales));
  const salesWithCost = sum4(categories.map((c) => c.salesWithCost));
  const margins = categories.filter((c) => c.margin !== null);
  const cells = (key: string) => r.heatmap.map((h): HeatmapCell => [num(h.dow), num(h.hour), num(h[key])]);

  return {
    month,
    missing,
    revenue,
    orders,
    buyers,
    aov,
    mom: prev
      ? {
          revenue: delta(revenue, pRevenue),
          orders: delta(orders, pOrders),
          buyers: delta(buyers, prevHasOrders ? num(prev.buyers) : null),
          aov: delta(aov, pRevenue !== null && pOrders ? pRevenue / pOrders : null),
        }
      : null,
    weekly: hasOrders ? r.weekly.map((w) => ({ week: String(w.iso_week), weekStart: String(w.week_start), revenue: num(w.revenue), orders: num(w.orders) })) : [],
    categories,
    margin: {
      value: margins.length ? sum4(margins.map((c) => c.margin as number)) : null,
      salesWithCost,
      coverage: ratio(salesWithCost, sales),
    },
    funnel: funnelMissing.length ? notAvailable(funnelMissing, monthLacks(funnelMissing)) : { available: true, ...funnel(cur) },
    postSale: orders === null ? notAvailable(["orders"], monthLacks(["orders"])) : postSale(r.reviewShare.find((x) => x.month === month), orders),
    revenueByCountry: hasOrders ? Object.fromEntries(r.country.map((c) => [String(c.country), num(c.revenue)])) : {},
    revenueByChannel: hasOrders ? Object.fromEntries(r.channel.map((c) => [String(c.channel), num(c.revenue)])) : {},
    heatmap: {
      sessions: missing.includes("sessions") ? notAvailable(["sessions"], monthLacks(["sessions"])) : { available: true, cells: cells("sessions") },
      orders: hasOrders ? { available: true, cells: cells("orders") } : notAvailable(["orders"], monthLacks(["orders"])),
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
