import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkValue, TABLE_NAMES, TABLES, type TableName } from "@/lib/contracts";
import { generateMonths } from "@/lib/generator";
import { monthBounds } from "@/lib/generator/time-zone";
import { cents, parseTimestamp, readTable, type Table } from "./helpers";

// Every generated value must pass the contract so KPI tests can trust the data (no rejects).
describe.each([
  { timeZone: "UTC", months: ["2025-10", "2025-11"] },
  // DST ends inside both months; Kolkata's +05:30 puts month starts off the UTC hour.
  { timeZone: "America/New_York", months: ["2025-11"] },
  { timeZone: "Europe/Berlin", months: ["2025-10"] },
  { timeZone: "Asia/Kolkata", months: ["2025-02"] },
])("generated data in $timeZone", ({ timeZone, months }) => {
  let outDir = "";
  const data = new Map<string, Record<TableName, Table>>();

  beforeAll(async () => {
    outDir = mkdtempSync(path.join(tmpdir(), "gen-valid-"));
    await generateMonths({ outDir, months, scale: 0.02, seed: 7, businessTimeZone: timeZone });
    for (const m of months) {
      data.set(m, Object.fromEntries(TABLE_NAMES.map((t) => [t, readTable(path.join(outDir, m), t)])) as Record<TableName, Table>);
    }
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  const month = (m: string) => data.get(m)!;
  const ts = (v: string) => parseTimestamp(v, timeZone);

  it.each(months)("%s: headers are the contract's columns, in order", (m) => {
    for (const t of TABLE_NAMES) expect(month(m)[t].header, t).toEqual(TABLES[t].columns.map((c) => c.name));
  });

  it.each(months)("%s: every value passes checkValue and every table has rows", (m) => {
    for (const t of TABLE_NAMES) {
      const { rows } = month(m)[t];
      expect(rows.length, t).toBeGreaterThan(0);
      const failures: string[] = [];
      for (const [i, row] of rows.entries()) {
        for (const col of TABLES[t].columns) {
          const r = checkValue(col, row[col.name]);
          if (!r.ok) failures.push(`${t} row ${i + 2} ${col.name}=${JSON.stringify(row[col.name])}: ${r.rule}`);
        }
      }
      expect(failures.slice(0, 5), t).toEqual([]);
    }
  });

  it.each(months)("%s: primary keys are unique", (m) => {
    for (const t of TABLE_NAMES) {
      const ids = month(m)[t].rows.map((r) => TABLES[t].primaryKey.map((k) => r[k]).join("\u0000"));
      expect(new Set(ids).size, t).toBe(ids.length);
    }
  });

  it.each(months)("%s: foreign keys point at rows of the same month's files", (m) => {
    const d = month(m);
    const keys = (t: TableName) => new Set(d[t].rows.map((r) => r[TABLES[t].primaryKey[0]!]));
    const [customers, products, sessions, orders] = [keys("customers"), keys("products"), keys("sessions"), keys("orders")];
    const orphans = (t: TableName, col: string, target: Set<string | undefined>) =>
      d[t].rows.filter((r) => r[col] !== "" && !target.has(r[col])).map((r) => r[col]);
    expect(orphans("sessions", "customer_id", customers)).toEqual([]);
    expect(orphans("events", "session_id", sessions)).toEqual([]);
    expect(orphans("events", "product_id", products)).toEqual([]);
    expect(orphans("events", "order_id", orders)).toEqual([]);
    expect(orphans("orders", "customer_id", customers)).toEqual([]);
    expect(orphans("orders", "session_id", sessions)).toEqual([]);
    expect(orphans("order_items", "order_id", orders)).toEqual([]);
    expect(orphans("order_items", "product_id", products)).toEqual([]);
    expect(orphans("reviews", "order_id", orders)).toEqual([]);
    expect(orphans("reviews", "product_id", products)).toEqual([]);
    expect(orphans("reviews", "customer_id", customers)).toEqual([]);
  });

  it.each(months)("%s: fact timestamps fall inside the month in the business time zone", (m) => {
    const { start, end } = monthBounds(m, timeZone);
    const d = month(m);
    for (const [t, col] of [["sessions", "session_start"], ["sessions", "session_end"], ["events", "event_ts"], ["orders", "order_ts"], ["reviews", "review_ts"]] as const) {
      const outside = d[t].rows.filter((r) => r[col] !== "" && !(ts(r[col]!) >= start && ts(r[col]!) < end)).map((r) => r[col]);
      expect(outside.slice(0, 3), `${t}.${col}`).toEqual([]);
    }
  });

  it.each(months)("%s: sessions end after they start and hold their events", (m) => {
    const d = month(m);
    const bySession = new Map(d.sessions.rows.map((s) => [s.session_id!, s]));
    for (const s of d.sessions.rows) if (s.session_end) expect(ts(s.session_end)).toBeGreaterThanOrEqual(ts(s.session_start!));
    const bad = d.events.rows.filter((e) => {
      const s = bySession.get(e.session_id!)!;
      const t = ts(e.event_ts!);
      return t < ts(s.session_start!) || (s.session_end !== "" && t > ts(s.session_end!));
    });
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it.each(months)("%s: order amounts add up, from the lines to the total", (m) => {
    const d = month(m);
    const lineSum = new Map<string, number>();
    for (const it of d.order_items.rows) {
      expect(Number(it.quantity)).toBeGreaterThan(0);
      const net = Number(it.quantity) * cents(it.unit_price) - cents(it.discount);
      expect(net).toBeGreaterThanOrEqual(0);
      lineSum.set(it.order_id!, (lineSum.get(it.order_id!) ?? 0) + net);
    }
    for (const o of d.orders.rows) {
      expect(cents(o.subtotal), o.order_id).toBe(lineSum.get(o.order_id!));
      expect(cents(o.total), o.order_id).toBe(cents(o.subtotal) - cents(o.discount) + cents(o.shipping) + cents(o.tax));
    }
  });

  it.each(months)("%s: each web order has the purchase event of its session, at the order's time", (m) => {
    const d = month(m);
    const purchases = new Map(d.events.rows.filter((e) => e.event_type === "purchase").map((e) => [e.order_id!, e]));
    const webOrders = d.orders.rows.filter((o) => o.session_id !== "");
    expect(purchases.size).toBe(webOrders.length);
    for (const o of webOrders) {
      const e = purchases.get(o.order_id!);
      expect(e?.session_id, o.order_id).toBe(o.session_id);
      expect(Math.floor(ts(e!.event_ts!))).toBe(Math.floor(ts(o.order_ts!)));
    }
    // The buyer is the session's identified customer.
    const sessions = new Map(d.sessions.rows.map((s) => [s.session_id!, s]));
    for (const o of webOrders) expect(sessions.get(o.session_id!)?.customer_id).toBe(o.customer_id);
  });

  it.each(months)("%s: order reviews come after the order, from its buyer, about a product it contains", (m) => {
    const d = month(m);
    const orders = new Map(d.orders.rows.map((o) => [o.order_id!, o]));
    const products = new Map<string, Set<string>>();
    for (const it of d.order_items.rows) products.set(it.order_id!, (products.get(it.order_id!) ?? new Set()).add(it.product_id!));
    const linked = d.reviews.rows.filter((r) => r.order_id !== "");
    expect(linked.length).toBeGreaterThan(0);
    for (const r of linked) {
      const o = orders.get(r.order_id!)!;
      expect(ts(r.review_ts!)).toBeGreaterThan(ts(o.order_ts!));
      expect(r.customer_id).toBe(o.customer_id);
      expect(products.get(r.order_id!)?.has(r.product_id!)).toBe(true);
      expect(["delivered", "returned"]).toContain(o.status);
    }
  });
});

describe("dimensions across months", () => {
  let outDir = "";
  beforeAll(async () => {
    outDir = mkdtempSync(path.join(tmpdir(), "gen-dims-"));
    await generateMonths({ outDir, months: ["2025-09", "2025-10", "2025-11"], scale: 0.01, seed: 3 });
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("each month holds the full dimension as of its end: earlier customers and products stay, new ones appear", () => {
    const ids = (m: string, t: "customers" | "products") => readTable(path.join(outDir, m), t).rows.map((r) => r[TABLES[t].primaryKey[0]!]!);
    for (const t of ["customers", "products"] as const) {
      const [sep, oct, nov] = ["2025-09", "2025-10", "2025-11"].map((m) => ids(m, t)) as [string[], string[], string[]];
      expect(oct.slice(0, sep.length), t).toEqual(sep);
      expect(nov.slice(0, oct.length), t).toEqual(oct);
      expect(nov.length, t).toBeGreaterThan(sep.length);
    }
  });

  it("a month's customers file includes that month's sign-ups and nobody who signed up later", () => {
    const { start, end } = monthBounds("2025-11", "UTC");
    const rows = readTable(path.join(outDir, "2025-11"), "customers").rows;
    const newOnes = rows.filter((r) => parseTimestamp(r.signup_ts!, "UTC") >= start);
    expect(newOnes.length).toBeGreaterThan(0);
    for (const r of rows) expect(parseTimestamp(r.signup_ts!, "UTC")).toBeLessThan(end);
  });
});
