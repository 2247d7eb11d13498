import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHANNELS, DEVICES, ORDER_STATUSES, RECOGNISED_STATUSES, TABLE_NAMES, type TableName } from "@/lib/contracts";
import { generateMonths } from "@/lib/generator";
import { zonedParts } from "@/lib/generator/time-zone";
import { cents, parseTimestamp, readTable, type Table } from "./helpers";

// Shapes the dashboards rely on, computed from the files the way DATA_CONTRACT.md defines them.
const TZ = "Europe/Paris";
let outDir = "";
const months: Record<string, Record<TableName, Table>> = {};
const norm = (s: string | undefined) => (s ?? "").trim().toLowerCase().replace(/[\s-]+/g, "_").replace(/^canceled$/, "cancelled");
const recognised = (status: string | undefined) => (RECOGNISED_STATUSES as readonly string[]).includes(norm(status));

beforeAll(async () => {
  outDir = mkdtempSync(path.join(tmpdir(), "gen-real-"));
  await generateMonths({ outDir, months: ["2025-10", "2025-11"], scale: 0.05, seed: 42, businessTimeZone: TZ });
  for (const m of ["2025-10", "2025-11"]) {
    months[m] = Object.fromEntries(TABLE_NAMES.map((t) => [t, readTable(path.join(outDir, m), t)])) as Record<TableName, Table>;
  }
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const nov = () => months["2025-11"]!;
const count = <T>(items: readonly T[]) => items.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<T, number>());

describe("generated data looks like a shop", () => {
  it("funnel: each step narrower, biggest drop is add to cart → checkout", () => {
    const d = nov();
    const reached = (types: string[]) => new Set(d.events.rows.filter((e) => types.includes(e.event_type!)).map((e) => e.session_id));
    const steps = [
      d.sessions.rows.length,
      reached(["page_view", "product_view"]).size,
      reached(["add_to_cart"]).size,
      reached(["begin_checkout"]).size,
      reached(["purchase"]).size,
    ];
    const conversions = steps.slice(1).map((n, i) => n / steps[i]!);
    for (const c of conversions) expect(c).toBeLessThan(1);
    const lowest = conversions.indexOf(Math.min(...conversions));
    expect(lowest).toBe(2); // cart → checkout
    // …and by a clear margin, so it holds at every scale and seed.
    const others = conversions.filter((_, i) => i !== 2);
    expect(Math.min(...others) - conversions[2]!).toBeGreaterThan(0.08);
  });

  it("weekends and evenings are busier (local time)", () => {
    const byDow = new Array(7).fill(0) as number[];
    const byHour = new Array(24).fill(0) as number[];
    const daysPerDow = new Array(7).fill(0) as number[];
    for (let day = 1; day <= 30; day++) daysPerDow[(new Date(Date.UTC(2025, 10, day)).getUTCDay() + 6) % 7]!++;
    for (const s of nov().sessions.rows) {
      const p = zonedParts(Math.floor(parseTimestamp(s.session_start!, TZ)), TZ);
      byDow[p.weekday]!++;
      byHour[p.hour]!++;
    }
    const perDay = byDow.map((n, i) => n / daysPerDow[i]!);
    const weekday = perDay.slice(0, 5).reduce((a, b) => a + b) / 5;
    const weekend = (perDay[5]! + perDay[6]!) / 2;
    expect(weekend / weekday).toBeGreaterThan(1.1);
    const evening = (byHour[19]! + byHour[20]! + byHour[21]!) / 3;
    const night = (byHour[2]! + byHour[3]! + byHour[4]!) / 3;
    expect(evening / night).toBeGreaterThan(5);
  });

  it("channel, device and country mixes are varied and led by the expected values", () => {
    const s = nov().sessions.rows;
    const channels = count(s.map((r) => r.channel));
    const devices = count(s.map((r) => r.device));
    const countries = count(s.map((r) => r.country));
    expect([...channels.keys()].sort()).toEqual([...CHANNELS].sort());
    expect([...devices.keys()].sort()).toEqual([...DEVICES].sort());
    expect([...channels.entries()].sort((a, b) => b[1] - a[1])[0]![0]).toBe("organic");
    expect(devices.get("mobile")!).toBeGreaterThan(devices.get("desktop")!);
    expect(devices.get("desktop")!).toBeGreaterThan(devices.get("tablet")!);
    expect(countries.size).toBeGreaterThanOrEqual(10);
    expect([...countries.entries()].sort((a, b) => b[1] - a[1])[0]![0]).toBe("US");
    // desktop converts better than mobile
    const orders = nov().orders.rows.filter((o) => o.device);
    const rate = (d: string) => orders.filter((o) => o.device === d).length / devices.get(d)!;
    expect(rate("desktop")).toBeGreaterThan(rate("mobile"));
  });

  it("categories have different margins; unit prices sit near list prices", () => {
    const d = nov();
    const products = new Map(d.products.rows.map((p) => [p.product_id!, p]));
    for (const p of d.products.rows) expect(cents(p.cost)).toBeLessThan(cents(p.price));
    const orders = new Map(d.orders.rows.map((o) => [o.order_id!, o]));
    const byCat = new Map<string, { sales: number; margin: number }>();
    let discounted = 0;
    for (const it of d.order_items.rows) {
      const p = products.get(it.product_id!)!;
      const unit = cents(it.unit_price);
      expect(unit).toBeGreaterThanOrEqual(Math.floor(cents(p.price) * 0.79));
      expect(unit).toBeLessThanOrEqual(cents(p.price));
      if (cents(it.discount) > 0) discounted++;
      if (!recognised(orders.get(it.order_id!)!.status)) continue;
      const q = Number(it.quantity);
      const c = byCat.get(p.category!) ?? { sales: 0, margin: 0 };
      c.sales += q * unit - cents(it.discount);
      c.margin += q * (unit - cents(p.cost)) - cents(it.discount);
      byCat.set(p.category!, c);
    }
    expect(byCat.size).toBe(8);
    const pct = Object.fromEntries([...byCat].map(([k, v]) => [k, v.margin / v.sales]));
    expect(pct.Beauty!).toBeGreaterThan(pct.Electronics! + 0.3);
    expect(pct.Fashion!).toBeGreaterThan(pct.Grocery! + 0.2);
    expect(discounted / d.order_items.rows.length).toBeGreaterThan(0.03);
    expect(discounted / d.order_items.rows.length).toBeLessThan(0.15);
  });

  it("order statuses: mostly recognised, every status present, 'canceled' alias used", () => {
    const statuses = nov().orders.rows.map((o) => o.status!);
    const byStatus = count(statuses.map(norm));
    expect([...byStatus.keys()].sort()).toEqual([...ORDER_STATUSES].sort());
    const share = statuses.filter(recognised).length / statuses.length;
    expect(share).toBeGreaterThan(0.75);
    expect(share).toBeLessThan(0.97);
    expect(statuses).toContain("canceled");
    expect(byStatus.get("delivered")!).toBeGreaterThan(byStatus.get("pending")!);
  });

  it("orders: coupons, free and paid shipping, some web-less orders and some blank fill-in fields", () => {
    const o = nov().orders.rows;
    expect(o.some((r) => cents(r.discount) > 0)).toBe(true);
    expect(o.some((r) => cents(r.shipping) === 0)).toBe(true);
    expect(o.some((r) => cents(r.shipping) > 0)).toBe(true);
    expect(o.some((r) => r.session_id === "" && r.channel === "" && r.device === "")).toBe(true);
    expect(o.some((r) => r.session_id !== "" && r.country === "")).toBe(true);
    const lines = nov().order_items.rows.length / o.length;
    expect(lines).toBeGreaterThan(1.8);
    expect(lines).toBeLessThan(3);
  });

  it("reviews: ratings 1..5, some linked to orders, a plausible post-sale review share", () => {
    const d = nov();
    const ratings = count(d.reviews.rows.map((r) => r.rating));
    expect([...ratings.keys()].sort()).toEqual(["1", "2", "3", "4", "5"]);
    expect(ratings.get("5")!).toBeGreaterThan(ratings.get("2")!);
    const linked = new Set(d.reviews.rows.filter((r) => r.order_id).map((r) => r.order_id));
    expect(d.reviews.rows.some((r) => !r.order_id)).toBe(true);
    const rec = d.orders.rows.filter((o) => recognised(o.status));
    const share = rec.filter((o) => linked.has(o.order_id)).length / rec.length;
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.6);
  });

  it("timestamps: mostly …Z, with each other valid spelling present", () => {
    const values = nov().events.rows.map((e) => e.event_ts!);
    const z = values.filter((v) => /T\d{2}:\d{2}:\d{2}Z$/.test(v)).length;
    expect(z / values.length).toBeGreaterThan(0.9);
    expect(values.some((v) => /^\S+ \d{2}:\d{2}:\d{2}$/.test(v))).toBe(true); // business-zone wall clock
    expect(values.some((v) => /[+-]\d{2}:\d{2}$/.test(v))).toBe(true);
    expect(values.some((v) => /\.\d{3}Z$/.test(v))).toBe(true);
    expect(values.some((v) => / UTC$/.test(v))).toBe(true);
  });

  it("month over month: revenue and traffic move", () => {
    const revenue = (m: string) =>
      months[m]!.orders.rows.filter((o) => recognised(o.status)).reduce((s, o) => s + cents(o.total), 0);
    const oct = revenue("2025-10");
    const novRevenue = revenue("2025-11");
    expect(Math.abs(novRevenue - oct) / oct).toBeGreaterThan(0.01);
    expect(months["2025-11"]!.sessions.rows.length).not.toBe(months["2025-10"]!.sessions.rows.length);
  });
});
