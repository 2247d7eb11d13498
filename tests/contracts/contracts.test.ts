import { describe, expect, it } from "vitest";
import { checkValue, detectTable, mapHeader, resolveColumns, TABLES, TABLE_NAMES, tableFromFileName, tableFromHeader, tablesInFileName } from "@/lib/contracts";

describe("the data contract, encoded once", () => {
  it("matches a header written decomposed (as macOS saves \"Situação\") to a profile's name written composed, and back", () => {
    const nfc = "Situação";
    const nfd = nfc.normalize("NFD");
    expect(nfd).not.toBe(nfc);
    for (const [inFile, inProfile] of [[nfd, nfc], [nfc, nfd]] as const) {
      const res = resolveColumns("orders", ["Pedido", "Cliente", "Data", inFile, "Total"], {
        columns: { order_id: "Pedido", customer_id: "Cliente", order_ts: "Data", status: inProfile, total: "Total" },
      });
      expect(res.missingRequired).toEqual([]);
      expect(res.indexOf.status).toBe(3);
    }
  });

  it("says a read column's name repeats in the header, instead of calling the repeat unknown", () => {
    const res = resolveColumns("orders", ["order_id", "customer_id", "order_ts", "status", "total", "TOTAL", "note"]);
    expect(res.indexOf.total).toBe(4);
    expect(res.repeated).toEqual([{ header: "total", times: 2 }]);
    expect(res.unknown).toEqual(["note"]);
  });

  it("has the seven tables with a required primary key each (order lines: order and line id)", () => {
    expect([...TABLE_NAMES].sort()).toEqual(["customers", "events", "order_items", "orders", "products", "reviews", "sessions"]);
    for (const t of TABLE_NAMES) {
      for (const key of TABLES[t].primaryKey) expect(TABLES[t].columns.find((c) => c.name === key)?.required, `${t}.${key}`).toBe(true);
    }
    expect(TABLES.order_items.primaryKey).toEqual(["order_id", "order_item_id"]);
  });

  it.each([
    ["orders.csv", "orders"],
    ["2025-11_orders.csv", "orders"],
    ["orders_nov.csv", "orders"],
    ["ORDER_ITEMS.csv", "order_items"],
    ["order-items-2025-11.csv", "order_items"],
    ["shop_order_items_orders.csv", "order_items"],
    ["Sessions Export.CSV", "sessions"],
  ])("detects %s as %s by file name", (name, table) => {
    expect(detectTable(name)).toBe(table);
  });

  it("reads a name naming two tables (order_items and orders aside) by its header, never by the longer name", () => {
    const ordersHeader = ["order_id", "customer_id", "order_ts", "status", "total"];
    const customersHeader = ["customer_id", "signup_ts", "country"];
    expect(tablesInFileName("customers_orders.csv")).toEqual(["customers", "orders"]);
    expect(tableFromFileName("customers_orders.csv")).toBeNull();
    expect(detectTable("customers_orders.csv", ordersHeader)).toBe("orders");
    expect(detectTable("orders_by_customers.csv", ordersHeader)).toBe("orders");
    expect(detectTable("Customers Orders 2025-11.csv", customersHeader)).toBe("customers");
    expect(detectTable("customers_orders.csv", ["foo", "bar"])).toBeNull();
    expect(detectTable("customers_orders.csv")).toBeNull();
    // A singular is not a table's name: orders_by_customer.csv is orders by its name.
    expect(detectTable("orders_by_customer.csv")).toBe("orders");
    // order_items wins over orders, still by name alone.
    expect(tablesInFileName("shop_order_items_orders.csv")).toEqual(["order_items"]);
  });

  it("falls back to the header when the name says nothing", () => {
    expect(detectTable("export.csv", ["Order_Item_ID", "order_id", "product_id", "quantity", "unit_price"])).toBe("order_items");
    expect(tableFromHeader(["event_id", "session_id", "event_ts", "event_type"])).toBe("events");
    expect(tableFromHeader(["foo", "bar"])).toBeNull();
  });

  it("maps headers case-insensitively in any order and reports missing and unknown columns", () => {
    const m = mapHeader("orders", ["\uFEFF TOTAL", "Order_ID", "customer_id", "order_ts", "Loyalty"]);
    expect(m.indexOf).toMatchObject({ total: 0, order_id: 1, customer_id: 2, order_ts: 3 });
    expect(m.missingRequired).toEqual(["status"]);
    expect(m.unknown).toEqual(["loyalty"]);
    expect(m.missingOptional).toContain("currency");
  });

  it.each([
    ["timestamp", "2025-11-03T14:05:00Z", true],
    ["timestamp", "2025-11-03 14:05:00", true],
    ["timestamp", "2025-11-03T14:05:00-03:00", true],
    ["timestamp", "2025-11-03T14:05:00.123Z", true],
    ["timestamp", "2025-11-03 14:05:00 UTC", true],
    ["timestamp", "03/11/2025 14:05", false],
    ["timestamp", "2025-13-03T14:05:00Z", false],
  ])("checks %s %s → %s", (type, raw, ok) => {
    expect(checkValue({ name: "x", type: type as "timestamp" }, raw).ok).toBe(ok);
  });

  it("normalises enums and aliases, and enforces ranges", () => {
    const status = TABLES.orders.columns.find((c) => c.name === "status")!;
    expect(checkValue(status, " Canceled ")).toEqual({ ok: true, value: "cancelled" });
    const channel = TABLES.sessions.columns.find((c) => c.name === "channel")!;
    expect(checkValue(channel, "Paid-Search")).toEqual({ ok: true, value: "paid_search" });
    expect(checkValue(channel, "tv")).toEqual({ ok: false, rule: "enum" });
    const qty = TABLES.order_items.columns.find((c) => c.name === "quantity")!;
    expect(checkValue(qty, "0")).toEqual({ ok: false, rule: "range" });
    expect(checkValue(qty, "1.5")).toEqual({ ok: false, rule: "integer" });
    const birth = TABLES.customers.columns.find((c) => c.name === "birth_year")!;
    expect(checkValue(birth, "2999", 2026)).toEqual({ ok: false, rule: "range" });
    expect(checkValue(TABLES.products.columns.find((c) => c.name === "active")!, "")).toEqual({ ok: true, value: "true" });
    // v2: the order total is optional (job 2 computes it from the lines).
    expect(checkValue(TABLES.orders.columns.find((c) => c.name === "total")!, "")).toEqual({ ok: true, value: null });
  });
});
