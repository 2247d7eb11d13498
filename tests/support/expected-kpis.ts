import { readFile } from "node:fs/promises";
import path from "node:path";
import { csvObjects } from "./csv";

/**
 * The contract's numbers computed straight from CSV rows in plain TypeScript: an independent oracle
 * for the SQL under test (no DuckDB, no shared code with lib/pipeline or lib/analytics).
 */
type Row = Record<string, string>;

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s-]+/g, "_");
const RECOGNISED = new Set(["paid", "shipped", "delivered"]);

/** Local wall-clock parts of a contract timestamp in the business time zone. */
export function localParts(ts: string, tz: string) {
  const s = ts.trim();
  const naive = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(s);
  let y: number, mo: number, d: number, h: number;
  if (naive) {
    [y, mo, d, h] = [Number(naive[1]), Number(naive[2]), Number(naive[3]), Number(naive[4])];
  } else {
    const iso = s.replace(/ UTC$/i, "Z").replace(" ", "T");
    const fmt = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" });
    const p = Object.fromEntries(fmt.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
    [y, mo, d, h] = [Number(p.year), Number(p.month), Number(p.day), Number(p.hour)];
  }
  const date = new Date(Date.UTC(y, mo - 1, d));
  const isoDow = ((date.getUTCDay() + 6) % 7) + 1;
  const monday = new Date(date.getTime() - (isoDow - 1) * 86400000);
  return { month: `${y}-${String(mo).padStart(2, "0")}`, hour: h, isoDow, weekStart: monday.toISOString().slice(0, 10) };
}

export async function loadMonth(dir: string) {
  const read = async (t: string) => csvObjects(await readFile(path.join(dir, `${t}.csv`), "utf8"));
  return {
    customers: await read("customers"), products: await read("products"), sessions: await read("sessions"), events: await read("events"),
    orders: await read("orders"), items: await read("order_items"), reviews: await read("reviews"),
  };
}

export function expectedKpis(m: Awaited<ReturnType<typeof loadMonth>>, tz: string) {
  const cents = (v: string) => Math.round(Number(v || "0") * 100);
  const byId = <T extends Row>(rows: T[], key: string) => new Map(rows.map((r) => [r[key]!, r]));
  const customers = byId(m.customers, "customer_id");
  const sessions = byId(m.sessions, "session_id");
  const products = byId(m.products, "product_id");
  const recognised = m.orders.filter((o) => RECOGNISED.has(norm(o.status!).replace("canceled", "cancelled")));
  const revenueCents = recognised.reduce((s, o) => s + cents(o.total!), 0);
  const recognisedIds = new Set(recognised.map((o) => o.order_id!));

  const byCountry: Record<string, number> = {};
  const byChannel: Record<string, number> = {};
  const weekly: Record<string, number> = {};
  const ordersHeat = new Map<string, number>();
  for (const o of recognised) {
    const country = (o.country?.trim() || customers.get(o.customer_id!)?.country || "??").toUpperCase();
    const s = o.session_id ? sessions.get(o.session_id) : undefined;
    const channel = o.channel?.trim() ? norm(o.channel) : s?.channel ? norm(s.channel) : "other";
    byCountry[country] = (byCountry[country] ?? 0) + cents(o.total!);
    byChannel[channel] = (byChannel[channel] ?? 0) + cents(o.total!);
    const lp = localParts(o.order_ts!, tz);
    weekly[lp.weekStart] = (weekly[lp.weekStart] ?? 0) + cents(o.total!);
    ordersHeat.set(`${lp.isoDow}:${lp.hour}`, (ordersHeat.get(`${lp.isoDow}:${lp.hour}`) ?? 0) + 1);
  }

  const categories: Record<string, { units: number; sales: number; margin: number }> = {};
  for (const i of m.items) {
    if (!recognisedIds.has(i.order_id!)) continue;
    const p = products.get(i.product_id!);
    const cat = p ? p.category || "Uncategorised" : "Unknown product";
    const q = Number(i.quantity);
    const price = Number(i.unit_price);
    const disc = Number(i.discount || "0");
    const c = (categories[cat] ??= { units: 0, sales: 0, margin: 0 });
    c.units += q;
    c.sales += q * price - disc;
    c.margin += q * (price - Number(p?.cost ?? "0")) - disc;
  }

  const steps = new Map<string, Set<number>>();
  for (const e of m.events) {
    const t = norm(e.event_type!);
    const step = t === "page_view" || t === "product_view" ? 2 : t === "add_to_cart" ? 3 : t === "begin_checkout" ? 4 : t === "purchase" ? 5 : 0;
    if (!step) continue;
    const set = steps.get(e.session_id!) ?? new Set<number>();
    set.add(step);
    steps.set(e.session_id!, set);
  }
  const reached = (k: number) => m.sessions.filter((s) => steps.get(s.session_id!)?.has(k)).length;
  const sessionsHeat = new Map<string, number>();
  for (const s of m.sessions) {
    const lp = localParts(s.session_start!, tz);
    sessionsHeat.set(`${lp.isoDow}:${lp.hour}`, (sessionsHeat.get(`${lp.isoDow}:${lp.hour}`) ?? 0) + 1);
  }
  const reviewed = new Set(m.reviews.map((r) => r.order_id).filter(Boolean));

  return {
    revenue: revenueCents / 100,
    orders: recognised.length,
    buyers: new Set(recognised.map((o) => o.customer_id)).size,
    aov: revenueCents / 100 / recognised.length,
    revenueByCountry: Object.fromEntries(Object.entries(byCountry).map(([k, v]) => [k, v / 100])),
    revenueByChannel: Object.fromEntries(Object.entries(byChannel).map(([k, v]) => [k, v / 100])),
    weekly: Object.fromEntries(Object.entries(weekly).map(([k, v]) => [k, v / 100])),
    categories,
    funnel: { sessions: m.sessions.length, browsed: reached(2), cart: reached(3), checkout: reached(4), purchased: reached(5) },
    postSaleReviewShare: recognised.filter((o) => reviewed.has(o.order_id)).length / recognised.length,
    sessionsHeat,
    ordersHeat,
  };
}
