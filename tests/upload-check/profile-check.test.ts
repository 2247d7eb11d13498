import { describe, expect, it } from "vitest";
import { CSV_LIMITS, type SourceProfile } from "@/lib/contracts";
import { checkFile, withBatchIssues, tableChecklist, type CheckInput } from "@/lib/upload-check";
import { cp1252, ptCsv, ptExport, ptLine } from "../support/foreign-export";

/** The profile a shop saves for the pt-BR order-lines export (what the mapping step produces). */
const PT_PROFILE: SourceProfile = {
  name: "Loja Exemplo",
  delimiter: ";",
  encoding: "windows-1252",
  decimal: ",",
  thousands: ".",
  dateOrder: "DMY",
  tables: {
    orders: {
      file: "pedidos*.csv",
      columns: { order_id: "Pedido", customer_id: "Cliente", order_ts: "Data do pedido", status: "Situação", shipping: "Frete", total: "Total" },
      values: { status: { Entregue: "delivered", Pago: "paid", Enviado: "shipped", Cancelado: "cancelled", "Aguardando pagamento": "pending" } },
      defaults: { currency: "BRL", country: "BR" },
    },
    order_items: {
      file: "pedidos*.csv",
      columns: { order_id: "Pedido", order_item_id: "Item", product_id: "Produto", quantity: "Quantidade", unit_price: "Preço unitário" },
    },
  },
};

const input = (bytes: Uint8Array, extra: Partial<CheckInput> = {}): CheckInput => ({ fileName: "pedidos_2025-11.csv", size: bytes.length, bytes, complete: true, month: "2025-11", timeZone: "UTC", ...extra });

describe("a foreign export without a profile", () => {
  it("is blocked with what was detected, and offered the mapping step instead of a dead end", () => {
    const c = checkFile(input(ptExport(10)));
    expect(c.blocked).toBe(true);
    expect(c.needsMapping).toBe(true);
    expect(c.issues[0]).toMatchObject({ level: "error", code: "format" });
    expect(c.issues[0]!.message).toMatch(/separated by semicolons \(“;”\) and encoded as Windows-1252/);
    expect(c.detectedFormat).toEqual({ encoding: "windows-1252", delimiter: ";" });
    // The header is read as it really is, for the mapping step.
    expect(c.header).toContain("Situação");
    expect(c.problems).toEqual([]);
  });
});

describe("a foreign export through its profile", () => {
  it("reads as the jobs will: both tables, every row accepted, the source's words and numbers", () => {
    const c = checkFile(input(ptExport(30), { profile: PT_PROFILE }));
    expect(c.issues.filter((i) => i.level !== "info")).toEqual([]);
    expect(c).toMatchObject({ blocked: false, needsMapping: false, table: "orders", alsoTable: "order_items", detectedBy: "profile", rows: 30, rowsExact: true, problemCount: 0 });
    expect(c.format).toEqual({ encoding: "windows-1252", delimiter: ";", hasBom: false });
    expect(c.parts.map((p) => p.table)).toEqual(["orders", "order_items"]);
    expect(c.parts[0]!.sourceOf).toMatchObject({ status: "Situação", order_ts: "Data do pedido" });
    expect(c.parts[0]!.defaults).toEqual({ currency: "BRL", country: "BR" });
    expect(tableChecklist(withBatchIssues([c])).filter((i) => i.status === "ready").map((i) => i.table)).toEqual(["orders", "order_items"]);
  });

  it("names the source's column, the raw text and the line of each problem", () => {
    const lines = Array.from({ length: 8 }, (_, i) => ptLine(i));
    lines[2] = ptLine(2, { status: "Extraviado" }); // a word the profile does not map (line 4)
    lines[4] = ptLine(4, { price: "12.5" }); // a dot where the profile reads a decimal comma (line 6)
    lines[5] = ptLine(5, { date: "31/11/2025 10:00" }); // no such day (line 7)
    lines[6] = ptLine(6, { date: "02/12/2025 10:00" }); // another month (line 8)
    const c = checkFile(input(cp1252(ptCsv(lines)), { profile: PT_PROFILE }));
    expect(c.blocked).toBe(false);
    const got = c.problems.map((p) => ({ line: p.line, table: p.table, column: p.column, source: p.source, value: p.value, rule: p.rule }));
    expect(got).toEqual([
      { line: 4, table: "orders", column: "status", source: "Situação", value: "Extraviado", rule: "enum" },
      { line: 6, table: "order_items", column: "unit_price", source: "Preço unitário", value: "12.5", rule: "decimal" },
      { line: 7, table: "orders", column: "order_ts", source: "Data do pedido", value: "31/11/2025 10:00", rule: "timestamp" },
      { line: 8, table: "orders", column: "order_ts", source: "Data do pedido", value: "02/12/2025 10:00", rule: "month" },
    ]);
    expect(c.problems[1]!.message).toBe("is not a decimal number (decimal mark “,”, “.” between thousands)");
    expect(c.problems[2]!.message).toContain("day/month/year");
    expect(c.reasons).toContainEqual({ table: "orders", rule: "enum", column: "status", count: 1 });
    expect(c.issues.find((i) => i.code === "type_errors")!.message).toContain("3 rows of the 8 rows break a rule");
  });

  it("reads timestamps without an offset in the profile's time zone and buckets them in the business zone", () => {
    const lines = [ptLine(0, { date: "30/11/2025 22:30" }), ptLine(1, { date: "01/11/2025 01:30" })];
    const profile: SourceProfile = { ...PT_PROFILE, timezone: "America/Sao_Paulo" };
    // 22:30 in São Paulo is 01:30 UTC on 1 December; 01:30 on 1 November is 04:30 UTC, still November.
    const c = checkFile(input(cp1252(ptCsv(lines)), { profile }));
    expect(c.problems.map((p) => `${p.line}:${p.rule}`)).toEqual(["2:month"]);
    const local = checkFile(input(cp1252(ptCsv(lines)), { profile, timeZone: "America/Sao_Paulo" }));
    expect(local.problems).toEqual([]);
  });

  it("warns when the profile names a header the file lacks, and blocks when a required one is then missing", () => {
    const header = ["Pedido", "Item", "Cliente", "Data", "Situação", "Produto", "Quantidade", "Preço unitário", "Frete", "Total"];
    const c = checkFile(input(cp1252(ptCsv([ptLine(0)], header)), { profile: PT_PROFILE }));
    expect(c.issues.find((i) => i.code === "profile_misses")!.message).toBe("The profile reads orders.order_ts from “Data do pedido”, which this file does not have.");
    // The file's own "Data" looks like the missing column: the message says so (map it again).
    expect(c.issues.find((i) => i.code === "missing_required")!.message).toBe(
      "Missing required column for orders: order_ts. The file seems to name order_ts as “Data”: map its columns once.",
    );
    expect(c.blocked).toBe(true);
    expect(c.needsMapping).toBe(true);
  });

  it("an order-lines export without a line column (Shopify's) numbers each order's lines, in the check and its preview", async () => {
    const { previewTable } = await import("@/lib/profiles/preview");
    const text = [
      "Name,Created at,Financial Status,Total,Lineitem quantity,Lineitem price,Lineitem sku,Email",
      "#1001,2025-11-03 09:04:00 +0100,paid,50.00,1,40.00,p1,ann@example.com",
      "#1002,2025-11-04 10:00:00 +0100,paid,20.00,2,10.00,p2,bob@example.com",
      "#1001,,,,1,10.00,p2,",
      "",
    ].join("\n");
    const profile: SourceProfile = {
      tables: {
        orders: { file: "orders_export*.csv", columns: { order_id: "Name", customer_id: "Email", order_ts: "Created at", status: "Financial Status", total: "Total" } },
        order_items: { file: "orders_export*.csv", columns: { order_id: "Name", product_id: "Lineitem sku", quantity: "Lineitem quantity", unit_price: "Lineitem price" } },
      },
    };
    const bytes = new TextEncoder().encode(text);
    const c = checkFile(input(bytes, { fileName: "orders_export_1.csv", profile }));
    expect(c).toMatchObject({ blocked: false, table: "orders", alsoTable: "order_items", rows: 3, problemCount: 0 });
    expect(c.issues.find((i) => i.code === "line_number")!.message).toBe("No order_item_id column: each line is numbered 1, 2, … within its order, in file order.");
    // order_items alone (no orders from this file) still needs its line column.
    const alone = checkFile(input(bytes, { fileName: "orders_export_1.csv", profile, tableOverride: "order_items", alsoTableOverride: null }));
    expect(alone.issues.find((i) => i.code === "missing_required")!.message).toMatch(/^Missing required column for order_items: order_item_id\./);
    const rows = text.split("\n").slice(1, 4).map((l, i) => ({ line: i + 2, fields: l.split(",") }));
    const preview = previewTable("order_items", text.split("\n")[0]!.split(","), rows, profile, ["orders"]);
    // The order's preview: its second line's empty order fields are not problems (the run reads the first line's).
    const orders = previewTable("orders", text.split("\n")[0]!.split(","), rows, profile, ["order_items"]);
    expect(orders.rows.flatMap((r) => r.cells.filter((x) => x.problem !== null))).toEqual([]);
    const cell = (cells: { column: string; value: string }[], column: string) => cells.find((x) => x.column === column)!.value;
    expect(preview.rows.map((r) => [cell(r.cells, "order_id"), cell(r.cells, "order_item_id")])).toEqual([
      ["#1001", "1"],
      ["#1002", "1"],
      ["#1001", "2"],
    ]);
  });

  it("lets the user drop the second table or choose another", () => {
    const bytes = ptExport(4);
    expect(checkFile(input(bytes, { profile: PT_PROFILE, alsoTableOverride: null })).alsoTable).toBeNull();
    const c = checkFile(input(bytes, { profile: PT_PROFILE, tableOverride: "order_items", alsoTableOverride: null }));
    expect([c.table, c.alsoTable, c.overridden]).toEqual(["order_items", null, true]);
  });

  it("refuses a second file for a table the first one already feeds", () => {
    const a = checkFile(input(ptExport(4), { profile: PT_PROFILE }));
    const enc = new TextEncoder().encode("order_item_id,order_id,product_id,quantity,unit_price\n1,o1,p1,1,2\n");
    const b = checkFile({ fileName: "order_items.csv", size: enc.length, bytes: enc, complete: true, profile: { ...PT_PROFILE, delimiter: ",", encoding: "utf-8" } });
    const [, b2] = withBatchIssues([a, b]);
    expect(b2!.issues[0]).toMatchObject({ code: "duplicate_table" });
    expect(b2!.issues[0]!.message).toContain("pedidos_2025-11.csv is already the order_items file");
  });
});

describe("CSV shape limits come first", () => {
  const enc = new TextEncoder();
  it("blocks a header with too many columns before reading anything else", () => {
    const header = Array.from({ length: CSV_LIMITS.maxColumns + 1 }, (_, i) => `c${i}`).join(",");
    const c = checkFile(input(enc.encode(`${header}\n1,2\n`), { fileName: "orders.csv" }));
    expect(c.issues).toEqual([{ level: "error", code: "limits", message: expect.stringContaining(`at most ${CSV_LIMITS.maxColumns} are read (limit: columns)`) }]);
    expect(c.blocked).toBe(true);
    expect(c.needsMapping).toBe(false);
  });

  it("blocks a header row over the size limit and a record over the line limit, naming the line", () => {
    const longName = "x".repeat(CSV_LIMITS.maxHeaderNameChars + 1);
    expect(checkFile(input(enc.encode(`order_id,${longName}\n`), { fileName: "orders.csv" })).issues[0]!.message).toContain("(limit: header name)");
    const bigHeader = Array.from({ length: 400 }, (_, i) => `column_${i}_${"y".repeat(180)}`).join(",");
    expect(checkFile(input(enc.encode(`${bigHeader}\n`), { fileName: "orders.csv" })).issues[0]!.message).toContain("header row is longer than");

    const long = `o2,c2,,2025-11-03T10:00:00Z,paid,USD,1,0,0,0,1,${"z".repeat(CSV_LIMITS.maxLineBytes)},US,email,mobile`;
    const text = `order_id,customer_id,session_id,order_ts,status,currency,subtotal,discount,shipping,tax,total,payment_method,country,channel,device\no1,c1,,2025-11-03T10:00:00Z,paid,USD,1,0,0,0,1,card,US,email,mobile\n${long}\n`;
    const c = checkFile(input(enc.encode(text), { fileName: "orders.csv" }));
    expect(c.issues[0]).toEqual({ level: "error", code: "limits", message: expect.stringMatching(/^Line 3 is 1\.0 MB long; a record may be at most 1 MB \(limit: line length\)\.$/) });
    expect(c.blocked).toBe(true);
  });
});
