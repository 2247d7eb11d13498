import { describe, expect, it } from "vitest";
import { checkValue, mappedValue, parseProfile, profileTablesForFile, resolveColumns, TABLES, TABLE_NAMES, type TableName } from "@/lib/contracts";
import { BUILTIN_PROFILE_IDS, BUILTIN_PROFILES, builtinProfile } from "@/lib/contracts/builtin-profiles";

// The headers of the public Olist dataset (Kaggle "Brazilian E-Commerce Public Dataset by Olist"), as published.
const OLIST_HEADERS: Partial<Record<TableName, { file: string; header: string[] }>> = {
  customers: { file: "olist_customers_dataset.csv", header: ["customer_id", "customer_unique_id", "customer_zip_code_prefix", "customer_city", "customer_state"] },
  products: {
    file: "olist_products_dataset.csv",
    header: ["product_id", "product_category_name", "product_name_lenght", "product_description_lenght", "product_photos_qty", "product_weight_g", "product_length_cm", "product_height_cm", "product_width_cm"],
  },
  orders: {
    file: "olist_orders_dataset.csv",
    header: ["order_id", "customer_id", "order_status", "order_purchase_timestamp", "order_approved_at", "order_delivered_carrier_date", "order_delivered_customer_date", "order_estimated_delivery_date"],
  },
  order_items: { file: "olist_order_items_dataset.csv", header: ["order_id", "order_item_id", "product_id", "seller_id", "shipping_limit_date", "price", "freight_value"] },
  reviews: {
    file: "olist_order_reviews_dataset.csv",
    header: ["review_id", "order_id", "review_score", "review_comment_title", "review_comment_message", "review_creation_date", "review_answer_timestamp"],
  },
};

describe("built-in source profiles", () => {
  it("are valid profiles (parseProfile keeps every key) with unique ids", () => {
    expect(BUILTIN_PROFILES.map((p) => p.id)).toEqual([...BUILTIN_PROFILE_IDS]);
    for (const b of BUILTIN_PROFILES) {
      const parsed = parseProfile(JSON.stringify(b.profile));
      expect(parsed, b.id).toEqual({ ok: true, profile: b.profile });
      expect(builtinProfile(b.id)).toBe(b);
    }
    expect(() => builtinProfile("nope" as never)).toThrow(/no built-in profile/);
  });

  it("map every source word to a value the contract accepts", () => {
    for (const b of BUILTIN_PROFILES) {
      for (const [table, tp] of Object.entries(b.profile.tables ?? {})) {
        const spec = TABLES[table as TableName];
        for (const [column, words] of Object.entries(tp.values ?? {})) {
          const col = spec.columns.find((c) => c.name === column)!;
          for (const [word, target] of Object.entries(words)) {
            const res = resolveColumns(table as TableName, [column], tp);
            const want = checkValue(col, target);
            expect(want.ok, `${b.id} ${table}.${column}: "${target}" is a contract value`).toBe(true);
            // The source word, however it is cased and padded, reads as that contract value.
            expect(checkValue(col, mappedValue(res, column, ` ${word.toUpperCase()} `)), `${b.id} ${table}.${column} "${word}"`).toEqual(want);
          }
        }
      }
    }
  });

  it("order-lines profiles read one file as orders and order_items, and every contract column from a header of their names", () => {
    for (const id of ["order-lines", "order-lines-pt-br"] as const) {
      const { profile } = builtinProfile(id);
      const file = id === "order-lines" ? "orders_export_1.csv" : "pedidos-2025-11.csv";
      expect(profileTablesForFile(profile, file), id).toEqual(["orders", "order_items"]);
      for (const table of TABLE_NAMES) {
        const tp = profile.tables?.[table];
        expect(tp?.file, `${id} ${table}`).toBeDefined();
        const header = TABLES[table].columns.map((c) => tp?.columns?.[c.name] ?? c.name);
        const res = resolveColumns(table, header, tp);
        expect(res.missingRequired.concat(res.missingOptional), `${id} ${table}`).toEqual([]);
        expect(res.unknown, `${id} ${table}`).toEqual([]);
      }
    }
  });

  it("the Olist profile reads the real Olist headers; what the contract still needs is what its description says", () => {
    const { profile, description } = builtinProfile("olist");
    const missing: Record<string, string[]> = {};
    for (const [table, { file, header }] of Object.entries(OLIST_HEADERS) as [TableName, { file: string; header: string[] }][]) {
      expect(profileTablesForFile(profile, file), file).toEqual([table]);
      const res = resolveColumns(table, header, profile.tables?.[table]);
      expect(res.profileMisses, table).toEqual([]);
      if (res.missingRequired.length > 0) missing[table] = res.missingRequired;
    }
    expect(missing).toEqual({ customers: ["signup_ts"], products: ["price"] });
    expect(description).toMatch(/customers\.signup_ts and products\.price/);
    // Olist's status words all read as contract statuses.
    const orders = resolveColumns("orders", OLIST_HEADERS.orders!.header, profile.tables?.orders);
    const status = TABLES.orders.columns.find((c) => c.name === "status")!;
    const read = ["delivered", "shipped", "canceled", "invoiced", "processing", "approved", "created", "unavailable"].map((w) => checkValue(status, mappedValue(orders, "status", w)));
    expect(read.map((r) => (r.ok ? r.value : r.rule))).toEqual(["delivered", "shipped", "cancelled", "paid", "paid", "paid", "pending", "cancelled"]);
    // No quantity column: one row per unit.
    const items = resolveColumns("order_items", OLIST_HEADERS.order_items!.header, profile.tables?.order_items);
    expect(mappedValue(items, "quantity", undefined)).toBe("1");
  });
});
