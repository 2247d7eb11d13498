import type { loadMonth } from "./expected-kpis";

/**
 * The range numbers computed straight from the generated CSVs in plain TypeScript (an oracle for the
 * range SQL; no DuckDB, no code shared with lib/analytics): orders are enriched as the contract says
 * (country ← customer, channel/device ← session, else `other`), then filtered, then counted.
 */
type Month = Awaited<ReturnType<typeof loadMonth>>;
export interface OracleFilters {
  country?: string;
  channel?: string;
  device?: string;
  category?: string;
}

const norm = (s: string) => s.trim().toLowerCase().replace(/[\s-]+/g, "_");
const RECOGNISED = new Set(["paid", "shipped", "delivered"]);
const cents = (v: string | undefined) => Math.round(Number(v || "0") * 100);

interface Line {
  productId: string;
  name: string;
  category: string;
  quantity: number;
  sales: number;
  cost: number | null;
}
interface Order {
  month: string;
  id: string;
  customer: string;
  totalCents: number;
  country: string;
  channel: string;
  device: string;
  lines: Line[];
}

/** Recognised orders of every loaded month, enriched; products merged across months (latest wins). */
export function enrichedOrders(months: Record<string, Month>): Order[] {
  const products = new Map<string, Record<string, string>>();
  const out: Order[] = [];
  for (const month of Object.keys(months).sort()) {
    const m = months[month]!;
    for (const p of m.products) products.set(p.product_id!, p);
    const customers = new Map(m.customers.map((c) => [c.customer_id!, c]));
    const sessions = new Map(m.sessions.map((s) => [s.session_id!, s]));
    const lines = new Map<string, Line[]>();
    for (const i of m.items) {
      const p = products.get(i.product_id!);
      const q = Number(i.quantity);
      const price = Number(i.unit_price);
      const line: Line = {
        productId: i.product_id!,
        name: p?.name || i.product_id!,
        category: p ? p.category || "Uncategorised" : "Unknown product",
        quantity: q,
        sales: q * price - Number(i.discount || "0"),
        cost: p && p.cost !== "" && p.cost !== undefined ? Number(p.cost) : null,
      };
      lines.set(i.order_id!, [...(lines.get(i.order_id!) ?? []), line]);
    }
    for (const o of m.orders) {
      if (!RECOGNISED.has(norm(o.status!))) continue;
      const s = o.session_id ? sessions.get(o.session_id) : undefined;
      out.push({
        month,
        id: o.order_id!,
        customer: o.customer_id!,
        totalCents: cents(o.total),
        country: (o.country?.trim() || customers.get(o.customer_id!)?.country || "??").toUpperCase(),
        channel: o.channel?.trim() ? norm(o.channel) : s?.channel ? norm(s.channel) : "other",
        device: o.device?.trim() ? norm(o.device) : s?.device ? norm(s.device) : "other",
        lines: lines.get(o.order_id!) ?? [],
      });
    }
  }
  return out;
}

const orderPasses = (o: Order, f: OracleFilters) =>
  (!f.country || o.country === f.country) &&
  (!f.channel || o.channel === f.channel) &&
  (!f.device || o.device === f.device) &&
  (!f.category || o.lines.some((l) => l.category === f.category));

function numbers(orders: Order[]) {
  const revenueCents = orders.reduce((s, o) => s + o.totalCents, 0);
  return { revenue: revenueCents / 100, orders: orders.length, buyers: new Set(orders.map((o) => o.customer)).size, aov: orders.length ? revenueCents / 100 / orders.length : null };
}

function sum<K extends string>(into: Record<K, number>, key: K, v: number) {
  into[key] = (into[key] ?? 0) + v;
}

export function expectedRange(all: Order[], from: string, to: string, f: OracleFilters = {}) {
  const upTo = all.filter((o) => o.month <= to && orderPasses(o, f));
  const inRange = upTo.filter((o) => o.month >= from);
  const months = [...new Set(all.map((o) => o.month))].filter((m) => m >= from && m <= to).sort();

  const firstMonth = new Map<string, string>();
  for (const o of upTo) if (!firstMonth.has(o.customer) || o.month < firstMonth.get(o.customer)!) firstMonth.set(o.customer, o.month);
  const customers = months.map((month) => {
    const buyers = new Set(inRange.filter((o) => o.month === month).map((o) => o.customer));
    const newBuyers = [...buyers].filter((c) => firstMonth.get(c) === month).length;
    return { month, newBuyers, returningBuyers: buyers.size - newBuyers };
  });
  const cohorts: Record<string, Record<string, number>> = {};
  for (const o of inRange) {
    const c = firstMonth.get(o.customer)!;
    if (c < from) continue;
    ((cohorts[c] ??= {})[o.month] ??= 0);
  }
  for (const [c, byMonth] of Object.entries(cohorts)) {
    for (const m of Object.keys(byMonth)) byMonth[m] = new Set(inRange.filter((o) => o.month === m && firstMonth.get(o.customer) === c).map((o) => o.customer)).size;
  }

  const byCountry: Record<string, number> = {};
  const byChannel: Record<string, number> = {};
  for (const o of inRange) {
    sum(byCountry, o.country, o.totalCents);
    sum(byChannel, o.channel, o.totalCents);
  }
  // Lines: the order-level filters, and the category filter on the line itself.
  const lines = inRange
    .filter((o) => orderPasses(o, { ...f, category: undefined }))
    .flatMap((o) => o.lines)
    .filter((l) => !f.category || l.category === f.category);
  const group = (key: (l: Line) => string) => {
    const g: Record<string, { units: number; sales: number; salesWithCost: number; margin: number | null }> = {};
    for (const l of lines) {
      const e = (g[key(l)] ??= { units: 0, sales: 0, salesWithCost: 0, margin: null });
      e.units += l.quantity;
      e.sales += l.sales;
      if (l.cost !== null) {
        e.salesWithCost += l.sales;
        e.margin = (e.margin ?? 0) + l.sales - l.quantity * l.cost;
      }
    }
    return g;
  };

  return {
    months: months.map((month) => ({ month, ...numbers(inRange.filter((o) => o.month === month)) })),
    total: numbers(inRange),
    customers,
    cohorts,
    revenueByCountry: Object.fromEntries(Object.entries(byCountry).map(([k, v]) => [k, v / 100])),
    revenueByChannel: Object.fromEntries(Object.entries(byChannel).map(([k, v]) => [k, v / 100])),
    categories: group((l) => l.category),
    products: group((l) => l.productId),
  };
}
