import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { sourceProfileSchema } from "@/lib/contracts/profile";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getMonthKpis } from "@/lib/services/month-kpis";
import { Duck } from "@/lib/pipeline/duck";
import { csv, fullMonth, orderItemsCsv, productsCsv } from "../support/fixtures";
import { freshPipelineEnv, runBatch, runPaths } from "../support/pipeline-env";

type Reject = { file: string; line: number | null; column: string; rule: string; message: string; raw: string };

describe("bad input: quarantine, clear messages, nothing lost", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  let dir = 0;
  const nextDir = () => path.join(env.dataDir, "in", String(dir++));
  // Each batch keeps its own quarantine: the last batch's.
  let lastBatch = "";
  const run = async (files: Parameters<typeof runBatch>[2], month = "2025-11") => {
    const r = await runBatch(nextDir(), month, files);
    lastBatch = r.batchId;
    return r;
  };
  const rejects = async (table: string, month = "2025-11"): Promise<Reject[]> => {
    const duck = await Duck.open({ timeZone: "UTC" });
    try {
      return await duck.all<Reject>(`SELECT file, line, "column", rule, message, raw FROM read_parquet('${env.dataDir}/lake/processed/_rejects/${table}/month=${month}/batch=${lastBatch}/*.parquet') ORDER BY line`);
    } finally {
      await duck.close();
    }
  };

  beforeAll(async () => {
    env = await freshPipelineEnv();
  });
  afterAll(async () => env.cleanup());

  it("reads BOM, CRLF, quoted commas/quotes/line breaks, shuffled upper-case headers and extra columns", async () => {
    const orders = "\uFEFF" + csv(
      ["TOTAL", " Status ", "Order_TS", "customer_id", "ORDER_ID", "Loyalty_Tier"],
      [
        ["54.00", "PAID", "2025-11-03T09:04:00Z", "c1", "o1", "gold, \"vip\"\nline two"],
        ["21.60", "Delivered", "2025-11-04 20:03:00", "c2", "o2", ""],
      ],
      "\r\n",
    );
    const r = await runBatch(nextDir(), "2025-11", { ...fullMonth(), "orders.csv": orders });
    expect(r.run.status).toBe("succeeded");
    expect(r.quality.orders).toMatchObject({ rowsIn: 2, rowsOut: 2, rejected: 0 });
    expect(r.quality.orders!.warnings).toContainEqual(expect.stringContaining("loyalty_tier"));
    const k = await getMonthKpis("2025-11");
    expect(k!.revenue).toBeCloseTo(75.6, 6);
  });

  it("quarantines every invalid value class with file, line, column and rule", async () => {
    const header = ["order_id", "customer_id", "order_ts", "status", "currency", "total", "country", "channel", "device", "discount"];
    const orders = csv(header, [
      ["ok1", "c1", "2025-11-03T09:00:00Z", "paid", "EUR", "10", "FR", "email", "mobile", ""], // line 2
      ["", "c1", "2025-11-03T09:00:00Z", "paid", "EUR", "10", "FR", "", "", ""], // 3 required
      ["b2", "c1", "03/11/2025 09:00", "paid", "EUR", "10", "FR", "", "", ""], // 4 timestamp
      ["b3", "c1", "2025-10-31T09:00:00Z", "paid", "EUR", "10", "FR", "", "", ""], // 5 month
      ["b4", "c1", "2025-11-03T09:00:00Z", "lost", "EUR", "10", "FR", "", "", ""], // 6 enum
      ["b5", "c1", "2025-11-03T09:00:00Z", "paid", "EUR", "-1", "FR", "", "", ""], // 7 range
      ["b6", "c1", "2025-11-03T09:00:00Z", "paid", "EUR", "1,000.00", "FR", "", "", ""], // 8 decimal (quoted, one line)
      ["b7", "c1", "2025-11-03T09:00:00Z", "paid", "EUR", "10", "France", "", "", ""], // 9 country
      ["b8", "c1", "2025-11-03T09:00:00Z", "paid", "EURO", "10", "FR", "", "", ""], // 10 currency
      ["b9", "c1", "2025-11-03T09:00:00Z", "paid", "EUR", "10", "FR", "telepathy", "", ""], // 11 channel enum
      ["b10", "c1", "2025-11-03T09:00:00Z", "paid", "EUR", "10", "FR", "", "fridge", ""], // 12 device enum
      ["ok2", "c1", "2025-11-03T09:00:00Z", "paid", "EUR", "10", "FR", "", "", "abc"], // 13 decimal
      ["b11", "c1", "2025-11-03T09:00:00Z", "paid", "EUR", "123456789012345.5", "FR", "", "", ""], // 14 range (DECIMAL(18, 4))
    ]);
    const items = csv(["order_item_id", "order_id", "product_id", "quantity", "unit_price"], [
      ["i1", "ok1", "p1", "0", "10"], // 2 range (quantity > 0)
      ["i2", "ok1", "p1", "1.5", "10"], // 3 integer
      ["i3", "ok1", "p1", "1", "10"], // 4 ok
      // 5 range: past INTEGER, once a failed cast that lost the whole table
      ["i4", "ok1", "p1", "99999999999", "10"],
    ]);
    const products = csv(["product_id", "name", "category", "price", "cost", "active"], [
      ["p1", "Lamp", "Home", "40", "25", "maybe"], // 2 boolean
      ["p2", "Mug", "Kitchen", "10", "4", "no"],
      ["p1", "Lamp", "Home", "40", "25", "true"], // 4 ok: last occurrence wins over line 2
    ]);
    const customers = csv(["customer_id", "signup_ts", "country", "birth_year"], [
      ["c1", "2025-11-01T00:00:00Z", "FR", "1800"], // 2 range
      ["c1", "2025-11-01T00:00:00Z", "FR", "1980"],
      ["c2", "2025-11-01T00:00:00Z", "FR", "99999999999"], // 4 range (past INTEGER)
    ]);
    const sessions = csv(["session_id", "session_start", "session_end", "channel", "device", "country"], [
      ["s1", "2025-11-03T10:00:00Z", "2025-11-03T09:00:00Z", "email", "mobile", "FR"], // 2 session_end before start
    ]);
    const reviews = csv(["review_id", "rating", "review_ts", "comment"], [
      ["r1", "6", "2025-11-03T10:00:00Z", "multi\nline"], // 2-3: range
      ["r2", "five", "2025-11-03T10:00:00Z", ""], // 4: integer
      ["r3", "99999999999999999999999", "2025-11-03T10:00:00Z", ""], // 5: range (past BIGINT too)
    ]);
    const events = csv(["event_id", "session_id", "event_ts", "event_type"], [
      ["e1", "s1", "2025-11-03T10:00:00Z", "teleport"], // 2 enum
    ]);
    const r = await run({
      "orders.csv": orders, "order_items.csv": items, "products.csv": products, "customers.csv": customers,
      "sessions.csv": sessions, "reviews.csv": reviews, "events.csv": events,
    });
    // 12 of 13 orders rejected: the quality gate holds the month (nothing published changes).
    expect(r.run.status).toBe("held");
    expect(r.run.gate?.failed).toContainEqual(expect.objectContaining({ table: "orders", rule: "rejects", limit: 0.05 }));
    expect(r.quality.orders).toMatchObject({ rowsIn: 13, rowsOut: 1, rejected: 12 });

    const o = await rejects("orders");
    const byLine = Object.fromEntries(o.map((x) => [x.line, `${x.column}:${x.rule}`]));
    expect(byLine).toEqual({
      3: "order_id:required", 4: "order_ts:timestamp", 5: "order_ts:month", 6: "status:enum", 7: "total:range",
      8: "total:decimal", 9: "country:country", 10: "currency:currency", 11: "channel:enum", 12: "device:enum", 13: "discount:decimal",
      14: "total:range",
    });
    for (const x of o) {
      expect(x.file).toBe("orders.csv");
      expect(x.message).toContain(x.column);
      expect(JSON.parse(x.raw)).toHaveProperty("order_id");
    }
    expect(JSON.parse(o.find((x) => x.line === 8)!.raw).total).toBe("1,000.00");

    // The run page's download: the same rejects as CSV, with line, column, rule and message.
    const { rejectsCsv } = await import("@/lib/services/rejects");
    const { csvObjects } = await import("../support/csv");
    const downloaded = csvObjects(await rejectsCsv(r.runId, "orders"));
    expect(downloaded).toHaveLength(12);
    expect(downloaded.find((d) => d.line === "14")!.message).toBe("total '123456789012345.5' has more than 14 digits before the decimal mark");
    expect(downloaded[0]).toMatchObject({ table: "orders", file: "orders.csv", line: "3", column: "order_id", rule: "required" });
    expect(downloaded.find((d) => d.line === "8")!.message).toBe("total '1,000.00' is not a decimal number");

    expect((await rejects("order_items")).map((x) => [x.line, x.column, x.rule])).toEqual([[2, "quantity", "range"], [3, "quantity", "integer"], [5, "quantity", "range"]]);
    expect(r.quality.order_items).toMatchObject({ rowsIn: 4, rowsOut: 1, rejected: 3 });
    expect((await rejects("products")).map((x) => [x.line, x.column, x.rule])).toEqual([[2, "active", "boolean"]]);
    expect((await rejects("customers")).map((x) => [x.line, x.column, x.rule])).toEqual([[2, "birth_year", "range"], [4, "birth_year", "range"]]);
    expect((await rejects("sessions")).map((x) => [x.line, x.column, x.rule])).toEqual([[2, "session_end", "order"]]);
    // The multi-line comment makes r2 start on line 4, not 3.
    expect((await rejects("reviews")).map((x) => [x.line, x.column, x.rule])).toEqual([[2, "rating", "range"], [4, "rating", "integer"], [5, "rating", "range"]]);
    expect((await rejects("events")).map((x) => [x.line, x.column, x.rule])).toEqual([[2, "event_type", "enum"]]);
  });

  it("checks countries and currencies against the ISO lists, not their shape (ZZ, XX and ABC were loaded), and reads UK as GB", async () => {
    const customers = csv(["customer_id", "signup_ts", "country"], [
      ["c1", "2025-11-01T00:00:00Z", "uk"], // 2: ISO's reserved code for the United Kingdom → GB
      ["c2", "2025-11-01T00:00:00Z", "ZZ"], // 3: no country
      ["c3", "2025-11-01T00:00:00Z", "XK"], // 4: Kosovo, as shops write it
      ["c4", "2025-11-01T00:00:00Z", " de "], // 5
      // Enough good rows to keep the rejects under the gate's 5 %: the month publishes.
      ...Array.from({ length: 50 }, (_, i) => [`f${i}`, "2025-11-01T00:00:00Z", "FR"]),
    ]);
    const orders = csv(["order_id", "customer_id", "order_ts", "status", "currency", "total", "country"], [
      ["o1", "c1", "2025-11-03T09:00:00Z", "paid", "gbp", "10", "UK"], // 2
      ["o2", "c1", "2025-11-03T09:00:00Z", "paid", "ABC", "10", "GB"], // 3: no currency
      ["o3", "c1", "2025-11-03T09:00:00Z", "paid", "EUR", "10", "XX"], // 4: no country
      ["o4", "c1", "2025-11-03T09:00:00Z", "paid", "VED", "10", ""], // 5: the customer's country
      ...Array.from({ length: 50 }, (_, i) => [`f${i}`, `f${i}`, "2025-11-03T09:00:00Z", "paid", "EUR", "10", "FR"]),
    ]);
    await run({ "customers.csv": customers, "orders.csv": orders });
    expect((await rejects("customers")).map((x) => [x.line, x.column, x.rule, x.message])).toEqual([
      [3, "country", "country", "country 'ZZ' is not an ISO 3166-1 alpha-2 country code"],
    ]);
    expect((await rejects("orders")).map((x) => [x.line, x.column, x.rule, x.message])).toEqual([
      [3, "currency", "currency", "currency 'ABC' is not an ISO 4217 currency code"],
      [4, "country", "country", "country 'XX' is not an ISO 3166-1 alpha-2 country code"],
    ]);
    const duck = await Duck.open({ timeZone: "UTC" });
    try {
      const processed = (t: string) => `read_parquet('${env.dataDir}/lake/processed/${t}/month=2025-11/*.parquet')`;
      expect(await duck.all(`SELECT customer_id, country FROM ${processed("customers")} WHERE customer_id LIKE 'c%' ORDER BY 1`)).toEqual([
        { customer_id: "c1", country: "GB" }, { customer_id: "c3", country: "XK" }, { customer_id: "c4", country: "DE" },
      ]);
      expect(await duck.all(`SELECT order_id, currency, country FROM ${processed("orders")} WHERE order_id LIKE 'o%' ORDER BY 1`)).toEqual([
        { order_id: "o1", currency: "GBP", country: "GB" }, { order_id: "o4", currency: "VED", country: null },
      ]);
    } finally {
      await duck.close();
    }
  });

  it("keeps the last of duplicate keys and quarantines the others as duplicates", async () => {
    const orders = csv(["order_id", "customer_id", "order_ts", "status", "total"], [
      ["o1", "c1", "2025-11-03T09:00:00Z", "paid", "10"],
      ["o1", "c1", "2025-11-03T09:00:00Z", "paid", "20"],
      ["o1", "c1", "2025-11-03T09:00:00Z", "paid", "30"],
      ["o2", "c2", "2025-11-03T09:00:00Z", "paid", "5"],
    ]);
    const r = await run({ "orders.csv": orders });
    expect(r.run.status, "duplicates do not count against the gate").toBe("succeeded");
    expect(r.quality.orders).toMatchObject({ rowsIn: 4, rowsOut: 2, rejected: 2, duplicates: 2 });
    const dups = await rejects("orders");
    expect(dups.map((x) => [x.line, x.rule])).toEqual([[2, "duplicate"], [3, "duplicate"]]);
    // The row as the source wrote it (the file's own column names and text), without the job's own columns.
    expect(JSON.parse(dups[0]!.raw)).toEqual({ order_id: "o1", customer_id: "c1", order_ts: "2025-11-03T09:00:00Z", status: "paid", total: "10" });
    expect(JSON.parse(dups[1]!.raw)).toMatchObject({ total: "20" });
    expect(dups.map((x) => x.raw).join()).not.toMatch(/"_error"|"_raw"/);
    expect((await getMonthKpis("2025-11"))!.revenue).toBe(35);
  });

  it("quarantines a duplicate of a shop's export with the shop's column name and its row as the shop wrote it", async () => {
    const dir = nextDir();
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, "pedidos.csv");
    await writeFile(file, "Pedido;Cliente;Data;Situação;Total\nP1;C1;25/11/2025 14:10;completed;1.234,56\nP1;C1;26/11/2025 14:10;completed;2,00\n");
    const profile = sourceProfileSchema.parse({
      delimiter: ";", decimal: ",", thousands: ".", dateOrder: "DMY",
      tables: { orders: { file: "pedidos.csv", columns: { order_id: "Pedido", customer_id: "Cliente", order_ts: "Data", status: "Situação", total: "Total" }, values: { status: { completed: "delivered" } } } },
    });
    const r = await runPaths("2025-11", [file], { profile });
    lastBatch = r.batchId;
    expect(r.quality.orders).toMatchObject({ rowsIn: 2, rowsOut: 1, duplicates: 1 });
    const [dup] = await rejects("orders");
    expect(dup).toMatchObject({ line: 2, column: "Pedido", rule: "duplicate" });
    expect(JSON.parse(dup!.raw)).toEqual({ Pedido: "P1", Cliente: "C1", Data: "25/11/2025 14:10", "Situação": "completed", Total: "1.234,56" });
  });

  it("finds duplicates spread over a file of many vectors, keeps each key's last row, and never counts a bad row", async () => {
    // 5,000 rows (DuckDB works in vectors of 2,048): every 7th row repeats the key of the row 2,500 lines
    // earlier, every 11th of those a third time at the end; a rejected row repeating a key is no duplicate.
    // A month of its own: the gate compares the other tests' months with what they published before.
    const rows: string[][] = [];
    const last = new Map<string, number>();
    const add = (id: string, total: number) => {
      rows.push([id, "c1", "2025-07-03T09:00:00Z", "paid", String(total)]);
      last.set(id, total);
    };
    for (let i = 0; i < 2500; i++) add(`o${i}`, 1);
    for (let i = 0; i < 2500; i++) add(i % 7 === 0 ? `o${i}` : `n${i}`, 2);
    for (let i = 0; i < 2500; i += 77) add(`o${i}`, 3);
    rows.push(["o1", "c1", "2025-07-03T09:00:00Z", "lost", "9"]); // a bad status: rejected by its rule only
    const r = await run({ "orders.csv": csv(["order_id", "customer_id", "order_ts", "status", "total"], rows) }, "2025-07");
    const repeats = rows.length - 1 - last.size;
    expect(repeats).toBe(358 + 33);
    expect(r.quality.orders).toMatchObject({ rowsIn: rows.length, rowsOut: last.size, rejected: repeats + 1, duplicates: repeats });
    const rej = await rejects("orders", "2025-07");
    expect(rej.filter((x) => x.rule === "duplicate")).toHaveLength(repeats);
    expect(rej.filter((x) => x.rule === "enum").map((x) => x.line)).toEqual([rows.length + 1]);
    // The first row of "o0" (line 2) and its second (line 2,502) were replaced by the third.
    expect(rej.filter((x) => x.rule === "duplicate").slice(0, 2).map((x) => x.line)).toEqual([2, 9]);
    expect((await getMonthKpis("2025-07"))!.revenue).toBe([...last.values()].reduce((a, b) => a + b, 0));
  });

  it("reads a file whose lines end in both CRLF and LF (rows appended by another tool), with a warning and true line numbers", async () => {
    // A CRLF header and first rows, then rows appended with LF; line 5 (an LF line) is bad.
    const orders =
      "order_id,customer_id,order_ts,status,total\r\no1,c1,2025-11-03T09:00:00Z,paid,10\r\no2,c1,2025-11-03T09:00:00Z,paid,20\r\n" +
      "o3,c1,2025-11-03T09:00:00Z,paid,30\no4,c1,2025-11-03T09:00:00Z,lost,40\no5,c1,2025-11-03T09:00:00Z,paid,50\n";
    const r = await run({ "orders.csv": orders });
    expect(r.quality.orders).toMatchObject({ status: "ok", rowsIn: 5, rowsOut: 4, rejected: 1 });
    expect(r.quality.orders!.warnings).toContain("lines end in more than one way (CRLF, LF, CR): read with every line end as LF");
    expect((await rejects("orders")).map((x) => [x.line, x.column, x.rule])).toEqual([[5, "status", "enum"]]);
  });

  it("reads an LF file with one line ended by a bare CR (the whole table was lost to 'state machine reached an invalid state')", async () => {
    const orders =
      "order_id,customer_id,order_ts,status,total\no1,c1,2025-11-03T09:00:00Z,paid,10\ro2,c1,2025-11-03T09:00:00Z,paid,20\n" +
      "o3,c1,2025-11-03T09:00:00Z,lost,30\no4,c1,2025-11-03T09:00:00Z,paid,40\n";
    const r = await run({ "orders.csv": orders });
    expect(r.quality.orders).toMatchObject({ status: "ok", rowsIn: 4, rowsOut: 3, rejected: 1 });
    expect(r.quality.orders!.warnings).toContain("lines end in more than one way (CRLF, LF, CR): read with every line end as LF");
    expect((await rejects("orders")).map((x) => [x.line, x.column, x.rule])).toEqual([[4, "status", "enum"]]);
  });

  it("a text value holding a NUL byte rejects its row (rule text), near the top or past the first 64 KB (a whole table failed as binary, or job 3 failed on PostgreSQL)", async () => {
    const filler = Array.from({ length: 1500 }, (_, i) => `F${i},A padding product with a name long enough to fill the file,Misc,1.00`);
    // A month of its own, whose order lines sell P0 (the facts carry its name into the database).
    const month = "2026-06";
    const orders = csv(["order_id", "customer_id", "order_ts", "status", "total"], [1, 2, 3, 4].map((i) => [`n${i}`, "c1", `2026-06-0${i}T10:00:00Z`, "paid", "2.00"]));
    const items = csv(["order_item_id", "order_id", "product_id", "quantity", "unit_price"], [1, 2, 3, 4].map((i) => ["1", `n${i}`, i === 1 ? "P0" : "F1", 1, "2.00"]));
    for (const [at, line] of [[0, 2], [1500, 1502]] as const) {
      const rows = [...filler];
      rows.splice(at, 0, "P0,Or\u0000bit,Home,2.00");
      const r = await run({ "orders.csv": orders, "order_items.csv": items, "products.csv": `product_id,name,category,price\n${rows.join("\n")}\n` }, month);
      expect(r.run.status, r.run.error ?? "").toBe("succeeded");
      expect(r.quality.products).toMatchObject({ status: "ok", rowsIn: 1501, rowsOut: 1500, rejected: 1 });
      expect((await rejects("products", month)).map((x) => [x.line, x.column, x.rule, x.message])).toEqual([[line, "name", "text", "name holds a NUL byte (0x00), which no text value can"]]);
    }
  });

  it("amounts with more than 2 decimals are kept to cents and said so per column (they were rounded silently)", async () => {
    const month = "2026-07";
    const orders = csv(["order_id", "customer_id", "order_ts", "status", "total"], [["r1", "c1", "2026-07-01T10:00:00Z", "paid", "10.005"], ["r2", "c1", "2026-07-02T10:00:00Z", "paid", "125.00"], ["r3", "c1", "2026-07-03T10:00:00Z", "paid", "20.001"]]);
    const items = csv(["order_item_id", "order_id", "product_id", "quantity", "unit_price"], [["1", "r2", "p1", 1000, "0.125"], ["1", "r1", "p1", 1, "10.00"], ["1", "r3", "p1", 1, "20.00"]]);
    const r = await run({ "orders.csv": orders, "order_items.csv": items }, month);
    expect(r.quality.orders!.warnings).toContain("total: 2 values have more than 2 decimals, rounded to cents (amounts are kept to 2 decimals)");
    expect(r.quality.order_items!.warnings).toContain("unit_price: 1 value has more than 2 decimals, rounded to cents (amounts are kept to 2 decimals)");
    expect(r.quality.orders).toMatchObject({ rowsOut: 3, rejected: 0 });
  });

  it("a field of whitespace only (a tab, tabs and spaces, a no-break space) is empty: a required one a 'required' reject, an optional one null (a tab was loaded as a value)", async () => {
    const month = "2026-08";
    const header = ["order_id", "customer_id", "order_ts", "status", "total", "channel", "currency", "country", "payment_method"];
    const good = Array.from({ length: 80 }, (_, i) => [`g${i}`, "c1", "2026-08-03T10:00:00Z", "paid", "10", "\t", " \t", "\u00A0", "\t\t"]);
    const orders = csv(header, [
      ...good, // lines 2-81
      ["\t", "c1", "2026-08-03T10:00:00Z", "paid", "10", "", "", "", ""], // 82
      ["b2", " \t ", "2026-08-03T10:00:00Z", "paid", "10", "", "", "", ""], // 83
      ["b3", "c1", "2026-08-03T10:00:00Z", "\u00A0", "10", "", "", "", ""], // 84
      ["b4", "c1", "\u3000", "paid", "10", "", "", "", ""], // 85
    ]);
    const r = await run({ "orders.csv": orders }, month);
    expect(r.run.status).toBe("succeeded");
    expect(r.quality.orders).toMatchObject({ rowsIn: 84, rowsOut: 80, rejected: 4 });
    const o = await rejects("orders", month);
    expect(o.map((x) => [x.file, x.line, x.column, x.rule])).toEqual([
      ["orders.csv", 82, "order_id", "required"], ["orders.csv", 83, "customer_id", "required"],
      ["orders.csv", 84, "status", "required"], ["orders.csv", 85, "order_ts", "required"],
    ]);
    const duck = await Duck.open({ timeZone: "UTC" });
    try {
      const loaded = await duck.all(`SELECT DISTINCT channel, currency, country, payment_method FROM read_parquet('${env.dataDir}/lake/processed/orders/month=${month}/*.parquet')`);
      expect(loaded).toEqual([{ channel: null, currency: "USD", country: null, payment_method: null }]);
    } finally {
      await duck.close();
    }
  });

  it("reads Excel's sep=; first line (BOM, CRLF): its delimiter, the header on line 2, rejects at their real lines (the line was taken as the header)", async () => {
    const month = "2026-04";
    const products = "\uFEFFsep=;\r\nproduct_id;name;category;price\r\np1;\"Lamp\r\ntwo\";Home;40\r\np2;Mug;Kitchen;-1\r\np3;x;y;1;extra\r\np4;Cup;Kitchen;2\r\np5;ok;Cat;abc\r\n";
    const r = await run({ "products.csv": products }, month);
    expect(r.quality.products).toMatchObject({ status: "ok", rowsIn: 5, rowsOut: 2, rejected: 3 });
    const rej = await rejects("products", month);
    expect(rej.map((x) => [x.file, x.line, x.column, x.rule])).toEqual([
      ["products.csv", 5, "price", "range"], ["products.csv", 6, "", "csv"], ["products.csv", 8, "price", "decimal"],
    ]);
    expect(JSON.parse(rej[0]!.raw)).toEqual({ product_id: "p2", name: "Mug", category: "Kitchen", price: "-1" });

    // A profile naming another delimiter: the file's own line wins, and the plan says so.
    const dir = nextDir();
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "products.csv"), "sep=;\r\nproduct_id;name;category;price\r\np1;Lamp;Home;40\r\np2;Mug;Kitchen;x\r\n");
    const said = await runPaths("2026-05", [path.join(dir, "products.csv")], { profile: sourceProfileSchema.parse({ delimiter: "|" }) });
    lastBatch = said.batchId;
    expect(said.quality.products).toMatchObject({ status: "ok", rowsIn: 2, rowsOut: 1, rejected: 1 });
    expect(said.quality.products!.warnings).toContain('the file\'s first line "sep=;" names the delimiter ";": read with it, not with the profile\'s "|"');
    expect((await rejects("products", "2026-05")).map((x) => [x.line, x.column, x.rule])).toEqual([[4, "price", "decimal"]]);
  });

  it("a header ending in the delimiter over rows that do not (every row was a 'missing columns' reject)", async () => {
    const orders = "order_id,customer_id,order_ts,status,total,\no1,c1,2025-11-03T09:00:00Z,paid,10\no2,c1,2025-11-03T09:00:00Z,lost,20\no3,c1,2025-11-03T09:00:00Z,paid,30,\n";
    const r = await run({ "orders.csv": orders });
    expect(r.quality.orders).toMatchObject({ status: "ok", rowsIn: 3, rowsOut: 2, rejected: 1 });
    expect((await rejects("orders")).map((x) => [x.line, x.column, x.rule])).toEqual([[3, "status", "enum"]]);
  });

  it("a file whose lines all end in CR (Excel for Mac) names each reject's line (they had none)", async () => {
    const products = "product_id,name,category,price\rP1,a,Cat,1.00\rP2,b,Cat,-2.00\rP3,c,Cat,3.00\r";
    const r = await run({ "products.csv": products });
    expect(r.quality.products).toMatchObject({ status: "ok", rowsIn: 3, rowsOut: 2, rejected: 1 });
    expect((await rejects("products")).map((x) => [x.line, x.column, x.rule])).toEqual([[3, "price", "range"]]);
  });

  it("a quote inside an unquoted value (Monitor 27\" wide) is text, and later rejects keep their lines (they had none, or the wrong one)", async () => {
    const products = 'product_id,name,category,price\nP1,Monitor 27" wide,Cat,1.00\nP2,bad price,Cat,-2.00\nP3,Cable 6" long,Cat,3.00\nP4,x,Cat,4.00,extra\nP5,ok,Cat,5.00\n';
    const r = await run({ "products.csv": products });
    expect(r.quality.products).toMatchObject({ status: "ok", rowsIn: 5, rowsOut: 3, rejected: 2 });
    expect((await rejects("products")).map((x) => [x.line, x.column, x.rule])).toEqual([[3, "price", "range"], [5, "", "csv"]]);
  });

  it("a quote never closed on its line: the lines it runs together are counted as the rows they were, so the gate holds the batch (the month published with 63 orders gone)", async () => {
    const rows = Array.from({ length: 23 }, (_, i) => `A${i + 1},C${i + 1},2025-11-02T10:00:00Z,paid,10.00,${i === 20 ? '"card' : "card"}`);
    const orders = `order_id,customer_id,order_ts,status,total,payment_method\n${rows.join("\n")}\n`;
    const r = await run({ ...fullMonth(), "orders.csv": orders });
    // Lines 22–24 are one record the reader rejects: 3 of 23 rows, 13 % > the gate's 5 %.
    expect(r.quality.orders).toMatchObject({ rowsIn: 23, rowsOut: 20, rejected: 3 });
    expect(r.run.status).toBe("held");
    expect(r.run.gate!.failed).toContainEqual(expect.objectContaining({ table: "orders", rule: "rejects", value: 3 / 23 }));
    const [rej] = await rejects("orders");
    expect(rej).toMatchObject({ line: 22, column: "payment_method", rule: "csv" });
    expect(rej!.message).toBe("a quote opens a value that is not closed on its line: the 3 lines from here are read as one value and quarantined together (close the quote, or double a quote meant as text)");
  });

  it("names the line of the first byte that is not UTF-8 (it said line 1 for a byte on line 502)", async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `r${i},o${i},5,2025-11-03T10:00:00Z,fine`);
    const reviews = Buffer.concat([
      Buffer.from(`review_id,order_id,rating,review_ts,comment\n${rows.join("\n")}\nbad,o9,4,2025-11-03T10:00:00Z,caf`),
      Buffer.from([0xe9]),
      Buffer.from("\nlast,o1,3,2025-11-03T10:00:00Z,ok\n"),
    ]);
    const r = await run({ ...fullMonth(), "reviews.csv": reviews });
    expect(r.quality.reviews!.status).toBe("failed");
    expect(r.quality.reviews!.error).toMatch(/^reviews\.csv, line 502: the file is not UTF-8 text/);
  });

  it("reports rows with a wrong number of fields as CSV rejects with their line", async () => {
    const orders = "order_id,customer_id,order_ts,status,total\no1,c1,2025-11-03T09:00:00Z,paid,10\no2,c1,2025-11-03T09:00:00Z,paid,10,extra,fields\no3,c1,2025-11-03T09:00:00Z,paid,7\n";
    const r = await run({ "orders.csv": orders });
    expect(r.quality.orders).toMatchObject({ rowsIn: 3, rowsOut: 2, rejected: 1 });
    expect(r.quality.orders!.topReasons).toEqual([{ reason: "csv", count: 1 }]);
    const [x] = await rejects("orders");
    expect(x).toMatchObject({ line: 3, rule: "csv", column: "" });
    expect(x!.raw).toContain("extra,fields");
  });

  it("fails only the tables whose file is empty, not CSV, or misses a required column: held, and partial once published anyway", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const noTs = csv(["order_id", "customer_id", "total", "status"], [["o1", "c1", "10", "paid"]]);
    const before = await getMonthKpis("2025-11");
    const r = await run({
      "orders.csv": noTs,
      // A 0-byte file is refused at upload (one schema with the portal); a line break alone is empty CSV.
      "reviews.csv": "\n",
      "events.csv": png,
      "products.csv": productsCsv(),
      "order_items.csv": orderItemsCsv(),
    });
    expect(r.quality.orders).toMatchObject({ status: "failed" });
    expect(r.quality.orders!.error).toMatch(/orders\.csv, line 1: missing required column order_ts/);
    expect(r.quality.reviews!.error).toMatch(/reviews\.csv.*empty/);
    expect(r.quality.events!.error).toMatch(/events\.csv.*binary/);
    expect(r.quality.products).toMatchObject({ status: "ok", rowsOut: 2 });
    // Tables that loaded no row hold the month: the published numbers do not move.
    expect(r.run.status).toBe("held");
    expect(r.run.gate?.failed.filter((f) => f.rule === "no_rows").map((f) => f.table).sort()).toEqual(["events", "orders", "reviews"]);
    expect((await getMonthKpis("2025-11"))?.dataAsOf).toEqual(before?.dataAsOf);

    const { publishHeldRun, waitForRun } = await import("@/lib/services/runs");
    await publishHeldRun(r.runId);
    const published = await waitForRun(r.runId, { timeoutMs: 120_000 });
    expect(published.status).toBe("partial");
    expect(published.error).toContain("missing required column order_ts");
    expect((await getMonthKpis("2025-11"))?.dataAsOf?.runId).toBe(r.runId);
  });

  it("fails the run when no table can be read", async () => {
    const r = await runBatch(nextDir(), "2025-11", { "orders.csv": "\r\n" });
    expect(r.run.status).toBe("failed");
    expect(r.run.steps.find((s) => s.name === "Job1RawToProcessed")?.status).toBe("failed");
    expect(r.run.error).toContain("orders.csv");
  });

  it("re-uploading a month replaces its facts (no double counting)", async () => {
    const a = await runBatch(nextDir(), "2025-12", fullMonth("2025-12"));
    const first = await getMonthKpis("2025-12");
    const b = await runBatch(nextDir(), "2025-12", fullMonth("2025-12"));
    const second = await getMonthKpis("2025-12");
    expect(a.run.status).toBe("succeeded");
    expect(b.run.status).toBe("succeeded");
    expect(second!.revenue).toBe(first!.revenue);
    expect(second!.orders).toBe(2);
    expect(second!.dataAsOf?.runId).toBe(b.runId);
    const { getSql } = await import("@/lib/db/client");
    const [row] = await (await getSql()).query<{ n: number }>(`SELECT count(*)::int AS n FROM analytics.fact_orders_enriched WHERE month = '2025-12'`);
    expect(row?.n).toBe(3);
  });

  it("runs two batches at once", async () => {
    const [a, b] = await Promise.all([
      runBatch(nextDir(), "2026-01", fullMonth("2026-01")),
      runBatch(nextDir(), "2026-02", fullMonth("2026-02")),
    ]);
    expect(a.run.status).toBe("succeeded");
    expect(b.run.status).toBe("succeeded");
    expect((await getMonthKpis("2026-01"))!.orders).toBe(2);
    expect((await getMonthKpis("2026-02"))!.orders).toBe(2);
    expect((await getMonthKpis("2026-02"))!.mom!.revenue).toBe(0);
  });
});
