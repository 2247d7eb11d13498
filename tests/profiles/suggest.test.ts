import { describe, expect, it } from "vitest";
import { parseProfile, profileTablesForFile, CONTRACT_PARSE } from "@/lib/contracts";
import { detectDateOrder, detectNumberFormat } from "@/lib/profiles/detect-format";
import { fileGlob, pickProfile, profileFromMapping, type SavedProfileRef } from "@/lib/profiles/draft";
import { startMapping } from "@/lib/profiles/start-mapping";
import { nameScore, suggestColumns, suggestTables } from "@/lib/profiles/suggest-columns";
import { suggestWord, unknownWords } from "@/lib/profiles/value-words";
import { readSampleFile } from "@/lib/upload-check";
import { PT_HEADER, ptExport } from "../support/foreign-export";

const bySource = (s: { column: string; source: string | null }[]) => Object.fromEntries(s.map((x) => [x.column, x.source]));

describe("header names", () => {
  it("match the contract's names and their synonyms in five languages, accents and case aside", () => {
    expect(nameScore("order_id", "Order ID")).toEqual({ score: 1, reason: "name" });
    for (const h of ["Pedido", "Nº do pedido", "Número do pedido", "Bestellnummer", "N° de commande", "Order Number"]) {
      expect(nameScore("order_id", h).score, h).toBeGreaterThanOrEqual(0.45);
    }
    expect(nameScore("status", "Situação")).toEqual({ score: 0.9, reason: "synonym" });
    expect(nameScore("status", "Estado")).toEqual({ score: 0.9, reason: "synonym" });
    expect(nameScore("quantity", "Menge")).toEqual({ score: 0.9, reason: "synonym" });
    expect(nameScore("unit_price", "Prix unitaire")).toEqual({ score: 0.9, reason: "synonym" });
    expect(nameScore("order_id", "Frete").score).toBe(0);
    // A WooCommerce-style "Order Tax": a short synonym is not matched inside longer names, so it is listed.
    expect(nameScore("tax", "Order Tax")).toEqual({ score: 0.9, reason: "synonym" });
  });
});

describe("column suggestions", () => {
  const header = ["Nº", "Kunde", "Bestelldatum", "Status", "Gesamtbetrag", "Notiz"];
  const rows = [
    ["A-1", "K1", "03.11.2025 10:00", "bezahlt", "1.234,50", "x"],
    ["A-2", "K2", "04.11.2025 11:30", "storniert", "99,00", "y"],
    ["A-3", "K3", "25.11.2025 09:15", "versendet", "10,00", ""],
  ];
  const parse = { decimal: ",", thousands: ".", dateOrder: "DMY" } as const;

  it("pick a source column per contract column by name, weighed by the values, each source once", () => {
    const s = suggestColumns({ table: "orders", header, rows, parse });
    const map = bySource(s);
    expect(map).toMatchObject({ customer_id: "Kunde", order_ts: "Bestelldatum", status: "Status", total: "Gesamtbetrag" });
    // No name says order id: the table's key is found from unique values.
    expect(map.order_id).toBe("Nº");
    expect(s.find((x) => x.column === "order_id")!.reason).toBe("values");
    expect(map.country).toBeNull();
    expect(new Set(Object.values(map).filter(Boolean)).size).toBe(Object.values(map).filter(Boolean).length);
  });

  it("lower a name whose values do not fit the column's type", () => {
    // "Data" is a synonym of order_ts, but these values are not timestamps; "Quando" has timestamps only.
    const s = suggestColumns({
      table: "orders",
      header: ["order_id", "customer_id", "Data", "Quando", "status"],
      rows: [
        ["o1", "c1", "n/a", "2025-11-03 10:00:00", "paid"],
        ["o2", "c2", "n/a", "2025-11-04 10:00:00", "paid"],
        ["o3", "c3", "n/a", "2025-11-05 10:00:00", "paid"],
      ],
      parse: CONTRACT_PARSE,
    });
    const ts = s.find((x) => x.column === "order_ts")!;
    expect(ts.source).toBe("Quando");
    expect(ts.reason).toBe("values");
  });

  it("tell the order's columns from the line's in an order-lines export", () => {
    const header = ["Pedido", "Item", "Produto", "Quantidade", "Preço unitário", "Desconto do pedido", "Desconto do item", "Data", "Situação", "Cliente"];
    const rows = [["P1", "1", "SKU", "1", "9,90", "1,00", "0,50", "03/11/2025", "Pago", "C1"]];
    const dmy = { decimal: ",", thousands: ".", dateOrder: "DMY" } as const;
    expect(bySource(suggestColumns({ table: "order_items", header, rows, parse: dmy })).discount).toBe("Desconto do item");
    expect(bySource(suggestColumns({ table: "orders", header, rows, parse: dmy })).discount).toBe("Desconto do pedido");
  });

  it("Shopify's line columns: the line's discount, and no line key guessed from a name that merely contains 'item'", () => {
    const header = ["Name", "Email", "Discount Amount", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price", "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping", "Lineitem discount"];
    const rows = [
      ["#1001", "ann@example.com", "5.00", "2025-11-03 09:04:00 +0100", "1", "Lamp", "40.00", "", "p1", "true", "0.00"],
      ["#1001", "", "", "", "2", "Mug", "10.00", "", "p2", "true", "1.00"],
    ];
    const items = bySource(suggestColumns({ table: "order_items", header, rows, parse: CONTRACT_PARSE }));
    expect(items).toMatchObject({ order_item_id: null, product_id: "Lineitem sku", quantity: "Lineitem quantity", unit_price: "Lineitem price", discount: "Lineitem discount" });
    expect(bySource(suggestColumns({ table: "orders", header, rows, parse: CONTRACT_PARSE })).discount).toBe("Discount Amount");
    // A real line column is still found by its name or a synonym.
    expect(bySource(suggestColumns({ table: "order_items", header: [...header, "Line Item ID"], rows: rows.map((r, i) => [...r, String(i + 1)]), parse: CONTRACT_PARSE })).order_item_id).toBe("Line Item ID");
  });

  it("keep a saved profile's choice over a guess", () => {
    const s = suggestColumns({ table: "orders", header, rows, parse, existing: { columns: { order_id: "Notiz" } } });
    expect(s.find((x) => x.column === "order_id")).toMatchObject({ source: "Notiz", reason: "profile" });
  });

  it("tell an order-lines export: it feeds orders and order_items", () => {
    const read = readSampleFile(ptExport(12), true, null);
    if (!read.ok) throw new Error("unreadable");
    const rows = read.sample.rows.map((r) => r.fields);
    expect(suggestTables(read.sample.header, rows, { decimal: ",", thousands: ".", dateOrder: "DMY" })).toEqual({ table: "orders", alsoTable: "order_items" });
    expect(suggestTables(["customer_id", "signup_ts", "country"], [["c1", "2025-01-01", "BR"]], CONTRACT_PARSE)).toEqual({ table: "customers", alsoTable: null });
    expect(suggestTables(["foo", "bar"], [["1", "2"]], CONTRACT_PARSE)).toEqual({ table: null, alsoTable: null });
  });
});

describe("format detection from sample values", () => {
  it("finds the decimal mark and the thousands separator", () => {
    expect(detectNumberFormat(["1.234,56", "12,5", "3"])).toMatchObject({ decimal: ",", thousands: "." });
    expect(detectNumberFormat(["1,234.56", "9.99"])).toMatchObject({ decimal: ".", thousands: "," });
    expect(detectNumberFormat(["12,50", "7,00"])).toMatchObject({ decimal: ",", thousands: "" });
    expect(detectNumberFormat(["1 234,56"])).toMatchObject({ decimal: ",", thousands: " " });
    // `1,234` alone could be either; dates and ids are not numbers.
    expect(detectNumberFormat(["1,234", "25/11/2025", "2025-11-03", "abc"])).toEqual({ decimal: ".", thousands: "", evidence: 0 });
  });

  it("finds the date order from a part above 12, and says when nothing decides", () => {
    expect(detectDateOrder(["03/11/2025 14:10", "25/11/2025 14:10:20"])).toEqual({ order: "DMY", ambiguous: false });
    expect(detectDateOrder(["11/25/2025"])).toEqual({ order: "MDY", ambiguous: false });
    expect(detectDateOrder(["03/11/2025"])).toEqual({ order: "DMY", ambiguous: true });
    expect(detectDateOrder(["2025-11-03T10:00:00Z"])).toBeNull();
  });
});

describe("value words", () => {
  it("suggest contract values for shop words in five languages and the usual exports", () => {
    expect(suggestWord("status", "Entregue")).toBe("delivered");
    expect(suggestWord("status", "Aguardando pagamento")).toBe("pending");
    expect(suggestWord("status", "on-hold")).toBe("pending");
    expect(suggestWord("status", "Storniert")).toBe("cancelled");
    expect(suggestWord("status", "Expédiée")).toBe("shipped");
    expect(suggestWord("device", "Celular")).toBe("mobile");
    expect(suggestWord("channel", "Busca paga")).toBe("paid_search");
    expect(suggestWord("status", "Zzz")).toBeNull();
  });

  it("list only the words the contract does not read, most frequent first", () => {
    const words = unknownWords("orders", "status", ["Pago", "paid", "Canceled", "Pago", "Zzz", "", " pago "]);
    expect(words).toEqual([
      { word: "Pago", count: 3, suggestion: "paid" },
      { word: "Zzz", count: 1, suggestion: null },
    ]);
  });
});

describe("starting a mapping and saving it as a profile", () => {
  it("starts from the detected format, both tables and the suggested columns and words", () => {
    const read = readSampleFile(ptExport(20), true, null);
    if (!read.ok) throw new Error("unreadable");
    const start = startMapping(
      { fileName: "pedidos_2025-11.csv", header: read.sample.header, rows: read.sample.rows.map((r) => r.fields), detected: read.plan.detected },
      null,
    );
    expect(start.format).toEqual({ delimiter: ";", encoding: "windows-1252", decimal: ",", thousands: ".", dateOrder: "DMY", timezone: "" });
    expect(start.evidence.dateOrder).toBe("decided");
    expect(start.tables.map((t) => t.table)).toEqual(["orders", "order_items"]);
    const [orders, items] = start.tables;
    expect(orders!.columns).toMatchObject({ order_id: "Pedido", customer_id: "Cliente", order_ts: "Data do pedido", status: "Situação", shipping: "Frete", total: "Total" });
    expect(items!.columns).toMatchObject({ order_id: "Pedido", order_item_id: "Item", product_id: "Produto", quantity: "Quantidade", unit_price: "Preço unitário" });
    expect(orders!.values.status).toEqual({ Entregue: "delivered", Pago: "paid", Enviado: "shipped", Cancelado: "cancelled", "Aguardando pagamento": "pending" });

    const profile = profileFromMapping(null, "Loja (ERP)", start.format, [{ fileName: "pedidos_2025-11.csv", tables: start.tables }]);
    // What it saves is a valid contract profile, the file glob matching next month's name.
    expect(parseProfile(JSON.stringify(profile))).toEqual({ ok: true, profile });
    expect(profile.tables?.orders?.file).toBe("pedidos_*.csv");
    expect(profileTablesForFile(profile, "PEDIDOS_2025-12.csv")).toEqual(["orders", "order_items"]);
    expect(profile.tables?.orders?.columns).not.toHaveProperty("country");
    expect(profile.tables?.orders?.values?.status).toMatchObject({ Entregue: "delivered" });
  });

  it("suggests the order lines too when the page knows the file as orders by its name (a Shopify-style export)", () => {
    const header = ["Order ID", "Customer ID", "Order Date", "Order Status", "Order Total", "Item #", "Product ID", "Item Name", "Quantity", "Item Cost"];
    const rows = [
      ["O-1", "C1", "2025-11-03 10:00:00", "Completed", "30.00", "1", "P1", "Mug", "1", "10.00"],
      ["O-1", "C1", "2025-11-03 10:00:00", "Completed", "30.00", "2", "P2", "Cup", "2", "10.00"],
      ["O-2", "C2", "2025-11-04 11:30:00", "Processing", "5.50", "1", "P3", "Pen", "1", "5.50"],
    ];
    const sample = { fileName: "orders_export.csv", header, rows, detected: { encoding: "utf-8", delimiter: "," } } as const;
    const known = (table: "orders" | "order_items" | "customers", alsoTable: "orders" | "order_items" | null = null) =>
      startMapping(sample, null, { table, alsoTable }).tables.map((t) => t.table);
    expect(known("orders")).toEqual(["orders", "order_items"]);
    expect(known("order_items")).toEqual(["order_items", "orders"]);
    // What the page or the user already said stays as said.
    expect(known("orders", "order_items")).toEqual(["orders", "order_items"]);
    expect(known("customers")).toEqual(["customers"]);
    const lines = startMapping(sample, null, { table: "orders", alsoTable: null }).tables[1]!;
    expect(lines.columns).toMatchObject({ order_id: "Order ID", order_item_id: "Item #", product_id: "Product ID", quantity: "Quantity", unit_price: "Item Cost" });
    // A file of orders alone gets no second table.
    const ordersOnly = { ...sample, header: header.slice(0, 5), rows: rows.map((r) => r.slice(0, 5)) };
    expect(startMapping(ordersOnly, null, { table: "orders", alsoTable: null }).tables.map((t) => t.table)).toEqual(["orders"]);
  });

  it("derives globs that survive dates, counters and month names", () => {
    expect(fileGlob("pedidos_2025-11.csv")).toBe("pedidos_*.csv");
    expect(fileGlob("Orders Nov 2025.csv")).toBe("orders *.csv");
    expect(fileGlob("export-20251130-1.CSV")).toBe("export-*.csv");
    expect(fileGlob("vendas_novembro.csv")).toBe("vendas_*.csv");
    expect(fileGlob("customers.csv")).toBe("customers.csv");
  });

  it("picks next month's profile by header fingerprint first, then by file name", () => {
    const profile = { tables: { orders: { file: "pedidos_*.csv" } } };
    const saved: SavedProfileRef[] = [
      { id: "a", name: "A", profile, fingerprints: [] },
      { id: "b", name: "B", profile: { tables: { orders: { file: "other*.csv" } } }, fingerprints: [{ fingerprint: "f1", tables: ["orders", "order_items"] }] },
    ];
    expect(pickProfile(saved, [{ fileName: "pedidos_2025-12.csv", fingerprint: "zz" }])).toEqual({ id: "a", matched: { "pedidos_2025-12.csv": "file" }, tablesByFile: {} });
    // Renamed file, same header: the fingerprint finds it and says which tables it feeds.
    expect(pickProfile(saved, [{ fileName: "export.csv", fingerprint: "f1" }])).toEqual({
      id: "b",
      matched: { "export.csv": "fingerprint" },
      tablesByFile: { "export.csv": ["orders", "order_items"] },
    });
    expect(pickProfile(saved, [{ fileName: "orders.csv", fingerprint: null }])).toBeNull();
  });

  it("keeps the header the fixture claims (guard)", () => {
    const read = readSampleFile(ptExport(1), true, null);
    expect(read.ok && read.sample.header).toEqual(PT_HEADER);
  });
});
