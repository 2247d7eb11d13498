import { describe, expect, it } from "vitest";
import { parseProfile } from "@/lib/contracts";

// A profile's default fills a column for every row: a value that breaks the column's rule rejected the
// whole table at run time, after the upload; it is now refused when the profile is saved or imported.
describe("a profile's defaults and words are checked against their column's rule", () => {
  const withDefaults = (defaults: Record<string, string>, extra: object = {}) =>
    parseProfile(JSON.stringify({ ...extra, tables: { orders: { defaults } } }));

  it("refuses a country or currency that is not an ISO code, naming the path and the rule", () => {
    const r = withDefaults({ country: "Brasil", currency: "REAL" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toContain('tables.orders.defaults.country: "Brasil" breaks the country rule of country');
    expect(r.error).toContain('tables.orders.defaults.currency: "REAL" breaks the currency rule of currency');
  });

  it("accepts codes in any case, UK for GB, and numbers in the profile's own decimal mark", () => {
    expect(withDefaults({ country: "br", currency: "brl" }).ok).toBe(true);
    expect(withDefaults({ country: "UK" }).ok).toBe(true);
    expect(withDefaults({ shipping: "0,50" }, { decimal: "," }).ok).toBe(true);
    const dot = withDefaults({ shipping: "0,50" });
    expect(dot.ok ? "" : dot.error).toContain('"0,50" breaks the decimal rule of shipping');
  });

  it("refuses a word mapped to a value its column does not take (every row with the word would be a reject)", () => {
    const r = parseProfile(JSON.stringify({ tables: { orders: { values: { country: { Brasil: "Brazil" }, status: { Pago: "paid", Enviado: "sent" } } } } }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toContain('tables.orders.values.country.Brasil: "Brazil" breaks the country rule of country');
    expect(r.error).toContain('tables.orders.values.status.Enviado: "sent" breaks the enum rule of status');
    expect(r.error).not.toContain("Pago");
    expect(parseProfile(JSON.stringify({ tables: { orders: { values: { country: { Brasil: "BR" }, status: { Enviado: "shipped" } } } } })).ok).toBe(true);
  });

  it("refuses a key named __proto__ wherever it is (inside tables and values it was dropped silently)", () => {
    for (const text of ['{"__proto__":{}}', '{"tables":{"__proto__":{"file":"x*.csv"}}}', '{"tables":{"orders":{"values":{"status":{"__proto__":"paid"}}}}}']) {
      expect(parseProfile(text), text).toEqual({ ok: false, error: "a profile may not have a key named __proto__" });
    }
  });
});
