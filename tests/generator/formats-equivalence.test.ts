import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeText, parseProfile, RECOGNISED_STATUSES, TABLE_NAMES, type TableName } from "@/lib/contracts";
import { generateMonthInFormats, OLIST_CATEGORY_NAMES, type ForeignFormat, type Locale, type MonthInFormats } from "@/lib/generator";
import { readContractTable, readThroughProfile, type ReadTable } from "./through-profile";

/**
 * A foreign month read through its profile is the contract month, row for row: same rows in the same
 * order, same contract values, same instants. What a format cannot carry is listed here, column by
 * column, with what the contract makes of it instead (EXPECTED_DIFFERENCES).
 */
const CASES: { format: ForeignFormat; locale: Locale; month: string; zone: string }[] = [
  { format: "olist", locale: "en-US", month: "2025-11", zone: "UTC" },
  // Brazil still had summer time in February 2018: an hour of São Paulo wall time happens twice.
  { format: "olist", locale: "pt-BR", month: "2018-02", zone: "Europe/Paris" },
  // New York leaves summer time on 2 November 2025; the business zone is another one.
  { format: "order-lines", locale: "en-US", month: "2025-11", zone: "America/Sao_Paulo" },
  { format: "order-lines", locale: "pt-BR", month: "2025-11", zone: "UTC" },
];

// Windows-1252: the characters its 256 bytes decode to (decodeText, as the pipeline reads them).
const CP1252 = new Set([...decodeText(Uint8Array.from({ length: 256 }, (_, i) => i), "windows-1252")]);
const FREE_TEXT = new Set(["customers.city", "products.name", "products.category", "products.subcategory", "products.brand", "reviews.title", "reviews.comment"]);

type Row = Record<string, string | null>;
/** What the contract makes of a contract value in this format (undefined: the value itself). */
type Difference = (value: string | null, row: Row) => string | null;

const dropped: Difference = () => null;
const lineNumber: Difference = (v, row) => (v ?? "").slice(`${row.order_id}-`.length);

const EXPECTED_DIFFERENCES: Record<ForeignFormat, Partial<Record<TableName, Record<string, Difference>>>> = {
  olist: {
    // Olist products have no name, subcategory, brand, cost or active flag; categories are Olist's Portuguese names.
    products: { name: dropped, subcategory: dropped, brand: dropped, cost: dropped, active: () => "true", category: (v) => OLIST_CATEGORY_NAMES[v ?? ""] ?? "(none)" },
    // Olist orders carry no amounts but the parts of the total, no payment, country, channel or device (filled from customer / session).
    orders: { subtotal: dropped, total: dropped, payment_method: dropped, country: dropped, channel: dropped, device: dropped },
    order_items: { order_item_id: lineNumber },
    reviews: { product_id: dropped, customer_id: dropped },
  },
  "order-lines": {
    order_items: { order_item_id: lineNumber },
  },
};

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const cents = (v: string | null | undefined) => Math.round(Number(v ?? "0") * 100);

/** The dashboard's money and count figures from typed tables (DATA_CONTRACT.md "The numbers"), with the contract's fills. */
function figures(t: Record<TableName, ReadTable>, category: (c: string | null) => string | null = (c) => c) {
  const customers = new Map(t.customers.rows.map((r) => [r.customer_id, r]));
  const sessions = new Map(t.sessions.rows.map((r) => [r.session_id, r]));
  const products = new Map(t.products.rows.map((r) => [r.product_id, r]));
  const lines = new Map<string, Row[]>();
  for (const i of t.order_items.rows) lines.set(i.order_id ?? "", [...(lines.get(i.order_id ?? "") ?? []), i]);
  const recognised = t.orders.rows.filter((o) => (RECOGNISED_STATUSES as readonly string[]).includes(o.status ?? ""));
  const total = (o: Row) =>
    o.total !== null
      ? cents(o.total)
      : (lines.get(o.order_id ?? "") ?? []).reduce((s, i) => s + Number(i.quantity) * cents(i.unit_price) - cents(i.discount), 0) + cents(o.shipping) + cents(o.tax) - cents(o.discount);
  const by = (key: (o: Row) => string) => {
    const out: Record<string, number> = {};
    for (const o of recognised) out[key(o)] = (out[key(o)] ?? 0) + total(o);
    return out;
  };
  const categories: Record<string, [number, number]> = {};
  for (const o of recognised)
    for (const i of lines.get(o.order_id ?? "") ?? []) {
      const c = category(products.get(i.product_id)?.category ?? null) ?? "Uncategorised";
      const [u, s] = categories[c] ?? [0, 0];
      categories[c] = [u + Number(i.quantity), s + Number(i.quantity) * cents(i.unit_price) - cents(i.discount)];
    }
  return {
    revenue: recognised.reduce((s, o) => s + total(o), 0),
    orders: recognised.length,
    buyers: new Set(recognised.map((o) => o.customer_id)).size,
    byCountry: by((o) => o.country ?? customers.get(o.customer_id)?.country ?? "??"),
    byChannel: by((o) => o.channel ?? sessions.get(o.session_id)?.channel ?? "other"),
    categories,
    sessions: t.sessions.rows.length,
    purchases: t.events.rows.filter((e) => e.event_type === "purchase").length,
    reviewedOrders: new Set(t.reviews.rows.map((r) => r.order_id).filter((id) => id !== null)).size,
  };
}

describe.each(CASES)("$format $locale ($month, business zone $zone) through its profile", ({ format, locale, month, zone }) => {
  let gen: MonthInFormats;
  const contract = {} as Record<TableName, ReadTable>;
  const foreign = {} as Record<TableName, ReadTable>;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), `gen-fmt-${format}-${locale}-`));
    dirs.push(dir);
    gen = await generateMonthInFormats({ month, format, locale, scale: 0.03, seed: 11, businessTimeZone: zone, contractDir: path.join(dir, "c"), foreignDir: path.join(dir, "f") });
    for (const t of TABLE_NAMES) {
      contract[t] = readContractTable(gen.contractMonthDir, t, zone);
      foreign[t] = readThroughProfile(gen.foreignMonthDir, gen.profile, t, zone);
    }
  });

  it("writes a valid profile whose zone differs from the business zone where it says one", () => {
    expect(parseProfile(JSON.stringify(gen.profile))).toEqual({ ok: true, profile: gen.profile });
    if (gen.profile.timezone) expect(gen.profile.timezone).not.toBe(zone);
  });

  it.each([...TABLE_NAMES])("%s: every row gives the contract month's values", (table) => {
    const c = contract[table];
    const f = foreign[table];
    expect(c.problems).toEqual([]);
    expect(f.problems).toEqual([]);
    expect(f.rows.length).toBe(c.rows.length);
    expect(c.rows.length).toBeGreaterThan(0);
    const diffs = EXPECTED_DIFFERENCES[format][table] ?? {};
    const mismatches: string[] = [];
    c.rows.forEach((row, n) => {
      for (const [col, value] of Object.entries(row)) {
        let want = diffs[col] ? diffs[col](value, row) : value;
        if (gen.profile.encoding === "windows-1252" && FREE_TEXT.has(`${table}.${col}`) && want !== null) want = [...want].map((ch) => (CP1252.has(ch) ? ch : "?")).join("");
        const got = f.rows[n]![col] ?? null;
        if (got !== want && mismatches.length < 10) mismatches.push(`row ${n + 1} ${col}: contract ${JSON.stringify(value)} → expected ${JSON.stringify(want)}, read ${JSON.stringify(got)}`);
      }
    });
    expect(mismatches).toEqual([]);
  });

  it("gives the contract month's revenue (to the cent), orders, buyers, country, channel, category units and sales", () => {
    const category = format === "olist" ? (c: string | null) => (c === null ? null : (OLIST_CATEGORY_NAMES[c] ?? "(none)")) : undefined;
    const want = figures(contract, category);
    const got = figures(foreign);
    expect(got).toEqual(want);
    expect(want.revenue).toBeGreaterThan(0);
    expect(Object.keys(want.byChannel).length).toBeGreaterThan(3);
  });

  if (format === "olist") {
    it("an Olist order without a total adds up to the contract total; its country and channel fill as the contract's", () => {
      const lines = new Map<string, Row[]>();
      for (const i of foreign.order_items.rows) lines.set(i.order_id ?? "", [...(lines.get(i.order_id ?? "") ?? []), i]);
      const customers = new Map(contract.customers.rows.map((r) => [r.customer_id, r]));
      const sessions = new Map(contract.sessions.rows.map((r) => [r.session_id, r]));
      contract.orders.rows.forEach((c, n) => {
        const o = foreign.orders.rows[n]!;
        expect(o.total).toBeNull();
        const derived = (lines.get(o.order_id ?? "") ?? []).reduce((s, i) => s + Number(i.quantity) * cents(i.unit_price) - cents(i.discount), 0) + cents(o.shipping) + cents(o.tax) - cents(o.discount);
        expect(derived, c.order_id ?? "").toBe(cents(c.total));
        // What the contract fills a dropped column with is what the contract file said (or left to the fill).
        expect([null, customers.get(c.customer_id)?.country]).toContain(c.country);
        expect([null, sessions.get(c.session_id)?.channel]).toContain(c.channel);
        expect([null, sessions.get(c.session_id)?.device]).toContain(c.device);
      });
    });
  }
});
