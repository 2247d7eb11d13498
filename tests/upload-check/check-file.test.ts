import { describe, expect, it } from "vitest";
import { checkFile, checkWholeFile, guessMonth, isWrongMonth, readSample, readSampleFile, tableChecklist, withBatchIssues, type CheckInput } from "@/lib/upload-check";

const enc = new TextEncoder();
const input = (fileName: string, text: string, extra: Partial<CheckInput> = {}): CheckInput => {
  const bytes = enc.encode(text);
  return { fileName, size: bytes.length, bytes, complete: true, ...extra };
};
const codes = (c: { issues: { code: string }[] }) => c.issues.map((i) => i.code);

const ORDERS_HEADER = "order_id,customer_id,session_id,order_ts,status,currency,subtotal,discount,shipping,tax,total,payment_method,country,channel,device";
const orderRow = (id: number, ts = "2025-11-03T14:05:00Z", status = "paid", total = "10.50") =>
  `o${id},c${id},s${id},${ts},${status},USD,10,0,0.5,0,${total},card,US,email,mobile`;

describe("checkFile: table detection", () => {
  it("detects the table from the file name, order_items winning over orders", () => {
    const c = checkFile(input("2025-11_order_items.csv", "order_item_id,order_id,product_id,quantity,unit_price\ni1,o1,p1,2,3.5\n"));
    expect(c.table).toBe("order_items");
    expect(c.detectedBy).toBe("name");
    expect(c.blocked).toBe(false);
  });

  it("falls back to the header when the name says nothing", () => {
    const c = checkFile(input("export (3).csv", `${ORDERS_HEADER}\n${orderRow(1)}\n`));
    expect(c.table).toBe("orders");
    expect(c.detectedBy).toBe("header");
  });

  it("blocks a file whose table cannot be told, until the user chooses one", () => {
    const text = "foo,bar\n1,2\n";
    const c = checkFile(input("data.csv", text));
    expect(c.table).toBeNull();
    expect(c.blocked).toBe(true);
    expect(codes(c)).toContain("no_table");

    const chosen = checkFile(input("data.csv", text, { tableOverride: "reviews" }));
    expect(chosen.table).toBe("reviews");
    expect(chosen.overridden).toBe(true);
    // Now the columns are checked against reviews: the required ones are missing.
    expect(chosen.missingRequired).toEqual(["review_id", "rating", "review_ts"]);
    expect(chosen.unknownColumns).toEqual(["foo", "bar"]);
  });

  it("reads a name naming two tables (customers_orders.csv) by its header, and says so when the header does not decide", () => {
    const byHeader = checkFile(input("customers_orders.csv", `${ORDERS_HEADER}\n${orderRow(1)}\n`));
    expect(byHeader.table).toBe("orders");
    expect(byHeader.detectedBy).toBe("header");
    expect(byHeader.blocked).toBe(false);

    const undecided = checkFile(input("orders_by_customers.csv", "customer,orders\nc1,3\n"));
    expect(undecided.table).toBeNull();
    expect(undecided.blocked).toBe(true);
    const issue = undecided.issues.find((i) => i.code === "no_table");
    expect(issue?.message).toContain("The file name names 2 tables (customers, orders)");
  });

  it("lets the user override a detected table", () => {
    const c = checkFile(input("orders.csv", `${ORDERS_HEADER}\n${orderRow(1)}\n`, { tableOverride: "sessions" }));
    expect(c.detected).toBe("orders");
    expect(c.table).toBe("sessions");
    expect(c.missingRequired).toContain("session_start");
    expect(c.blocked).toBe(true);
  });
});

describe("checkFile: columns", () => {
  it("names missing required columns as an error and unknown ones as a warning", () => {
    const c = checkFile(input("products.csv", "PRODUCT_ID , Name,category,cost,colour\np1,Mug,home,9.5,red\n"));
    expect(c.missingRequired).toEqual(["price"]);
    expect(c.unknownColumns).toEqual(["colour"]);
    expect(c.blocked).toBe(true);
    const err = c.issues.find((i) => i.code === "missing_required")!;
    expect(err.level).toBe("error");
    expect(err.message).toContain("price");
    expect(c.issues.find((i) => i.code === "unknown_columns")!.level).toBe("warning");
  });

  it("names the headers that look like the missing columns (a shop's own spelling needs a profile)", () => {
    const c = checkFile(input("customers.csv", "Customer ID,Date Registered,Country\nC1,2025-11-03,BR\n"));
    expect(c.issues.find((i) => i.code === "missing_required")!.message).toBe(
      "Missing required columns for customers: customer_id, signup_ts. The file seems to name customer_id as “Customer ID”: map its columns once.",
    );
    // A long look-alike (punctuation is not part of a name's key; names are at most 200 characters) is cut.
    const long = checkFile(input("customers.csv", `Customer ID${"-".repeat(180)},signup_ts,Country\nC1,2025-11-03,BR\n`));
    const message = long.issues.find((i) => i.code === "missing_required")!.message;
    expect(message).toContain(`customer_id as “Customer ID${"-".repeat(49)}…”`);
    expect(message.length).toBeLessThan(200);
    // Nothing alike: the message is the plain one.
    const plain = checkFile(input("customers.csv", "a,b,country\n1,2,BR\n"));
    expect(plain.issues.find((i) => i.code === "missing_required")!.message).toBe("Missing required columns for customers: customer_id, signup_ts.");
  });

  it("names unknown columns as the file spells them, each once", () => {
    const c = checkFile(input("orders.csv", "order_id,customer_id,order_ts,status,Order Tax , Item Name,ITEM NAME\nO1,C1,2025-11-03,paid,1.00,Mug,Mug\n"));
    expect(c.unknownColumns).toEqual(["Order Tax", "Item Name"]);
    expect(c.issues.find((i) => i.code === "unknown_columns")!.message).toBe("Unknown columns will be ignored: Order Tax, Item Name.");
  });

  it("matches header names case-insensitively after trimming and in any order, with a BOM", () => {
    const c = checkFile(input("products.csv", "\uFEFF Cost,PRICE,category,name,product_id\n1,2,home,Mug,p1\n"));
    expect(c.missingRequired).toEqual([]);
    expect(c.blocked).toBe(false);
    expect(c.rows).toBe(1);
    expect(c.rowsExact).toBe(true);
  });
});

describe("checkFile: Excel's sep= first line", () => {
  // As Excel (a European locale) saves "CSV": a BOM, sep=;, semicolons, CRLF.
  const excel = (rows: string[]) => ["\uFEFFsep=;", ORDERS_HEADER.replaceAll(",", ";"), ...rows.map((r) => r.replaceAll(",", ";"))].join("\r\n") + "\r\n";

  it("reads the delimiter the line names, without a profile, and names each row's real line (the header is line 2)", () => {
    const c = checkFile(input("orders.csv", excel([orderRow(1), orderRow(2, "2025-11-03T14:05:00Z", "lost"), orderRow(3)])));
    expect(c.format).toMatchObject({ delimiter: ";", hasBom: true });
    expect(c.header[0]).toBe("order_id");
    expect(codes(c)).not.toContain("format");
    expect(c.missingRequired).toEqual([]);
    expect(c.rows).toBe(3);
    expect(c.problems.map((p) => [p.line, p.column, p.rule])).toEqual([[4, "status", "enum"]]);
  });

  it("reads with the line's delimiter over a profile's other one, and says so without blocking", () => {
    const c = checkFile(input("orders.csv", excel([orderRow(1)]), { profile: { delimiter: "|" } }));
    expect(c.format?.delimiter).toBe(";");
    expect(c.blocked).toBe(false);
    expect(c.missingRequired).toEqual([]);
    expect(c.issues).toContainEqual({ level: "warning", code: "header", message: "The file’s first line “sep=;” names its delimiter: it is read with “;”, not with your profile’s “|”." });
  });

  it("reads the whole file the same way (the upload page's worker)", async () => {
    const c = await checkWholeFile(new Blob([excel([orderRow(1), orderRow(2, "2025-11-03T14:05:00Z", "lost")])]), { fileName: "orders.csv", size: 1 });
    expect(c.rows).toBe(2);
    expect(c.problems.map((p) => [p.line, p.column, p.rule])).toEqual([[4, "status", "enum"]]);
  });
});

describe("checkFile: sample values", () => {
  it("reports type errors per line and column as warnings that do not block", () => {
    const text = [
      ORDERS_HEADER,
      orderRow(1),
      orderRow(2, "03/11/2025 14:05", "paid"), // not ISO 8601
      orderRow(3, "2025-11-04 10:00:00", "shipped", "1,234.50"), // thousands separator
      orderRow(4, "2025-11-05T10:00:00Z", "lost"), // not a status
      orderRow(5, "2025-11-05T10:00:00Z", "Canceled"), // alias, fine
    ].join("\r\n");
    const c = checkFile(input("orders.csv", text));
    expect(c.blocked).toBe(false);
    expect(c.rows).toBe(5);
    expect(c.rowsWithProblems).toBe(3);
    // "1,234.50" is split by its comma: the row also has one field too many.
    expect(codes(c)).toEqual(expect.arrayContaining(["type_errors", "field_count"]));
    const byLine = Object.fromEntries(c.problems.map((p) => [`${p.line}:${p.column}`, p.rule]));
    expect(byLine["3:order_ts"]).toBe("timestamp");
    expect(byLine["5:status"]).toBe("enum");
    expect(c.problems.some((p) => p.line === 6)).toBe(false);
  });

  it("checks required values, ranges and the session_end ≥ session_start rule", () => {
    const text = [
      "session_id,customer_id,session_start,session_end,channel,device,country",
      "s1,,2025-11-01T10:00:00Z,2025-11-01T09:00:00Z,email,mobile,US",
      "s2,c1,2025-11-01T10:00:00Z,,Paid Search,Desktop,usa",
      ",c1,2025-11-01T10:00:00Z,,email,mobile,FR",
    ].join("\n");
    const c = checkFile(input("sessions.csv", text));
    const rules = c.problems.map((p) => `${p.line}:${p.column}:${p.rule}`);
    expect(rules).toEqual(["2:session_end:order", "3:country:country", "4:session_id:required"]);
  });

  it("flags fact rows outside the batch month in the business time zone", () => {
    const text = [
      ORDERS_HEADER,
      orderRow(1, "2025-11-30T23:30:00-03:00"), // 02:30 on Dec 1 in UTC
      orderRow(2, "2025-11-30 23:30:00"), // no offset = business time
      orderRow(3, "2025-10-31T23:59:59Z"),
    ].join("\n");
    const utc = checkFile(input("orders.csv", text, { month: "2025-11", timeZone: "UTC" }));
    expect(utc.problems.filter((p) => p.rule === "month").map((p) => p.line)).toEqual([2, 4]);
    expect(codes(utc)).toContain("outside_month");
    expect(codes(utc)).not.toContain("type_errors");

    const saoPaulo = checkFile(input("orders.csv", text, { month: "2025-11", timeZone: "America/Sao_Paulo" }));
    expect(saoPaulo.problems.filter((p) => p.rule === "month").map((p) => p.line)).toEqual([4]);
  });

  it("a file whose rows are mostly of another month is not ready: its checklist item asks to check the month", () => {
    const rows = (n: number, late: number) => [ORDERS_HEADER, ...Array.from({ length: n }, (_, i) => orderRow(i, i < late ? "2025-10-15T10:00:00Z" : undefined))].join("\n");
    const all = checkFile(input("orders.csv", rows(4, 4), { month: "2025-11" }));
    expect([all.sampledRows, all.outsideMonthRows, all.blocked]).toEqual([4, 4, false]);
    expect(isWrongMonth(all)).toBe(true);
    expect(tableChecklist([all]).find((i) => i.table === "orders")?.status).toBe("month");
    // Most of them (3 of 4) still is; half of them or a few late rows are warnings of a ready file.
    expect(isWrongMonth(checkFile(input("orders.csv", rows(4, 3), { month: "2025-11" })))).toBe(true);
    const half = checkFile(input("orders.csv", rows(4, 2), { month: "2025-11" }));
    expect(isWrongMonth(half)).toBe(false);
    expect(tableChecklist([half]).find((i) => i.table === "orders")?.status).toBe("ready");
    // No batch month yet: nothing is outside it.
    expect(isWrongMonth(checkFile(input("orders.csv", rows(4, 4))))).toBe(false);
  });

  it("does not check the month of dimension tables", () => {
    const c = checkFile(input("customers.csv", "customer_id,signup_ts,country\nc1,2019-01-01T00:00:00Z,DE\n", { month: "2025-11" }));
    expect(c.problemCount).toBe(0);
  });
});

describe("checkFile: unreadable files", () => {
  it("refuses empty, binary and non-UTF-8 files", () => {
    expect(codes(checkFile(input("orders.csv", "")))).toEqual(["empty"]);
    expect(codes(checkFile(input("orders.csv", "\uFEFF\r\n")))).toEqual(["empty"]);
    const binary = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 1]);
    const zip = checkFile({ fileName: "orders.csv", size: binary.length, bytes: binary, complete: true });
    expect(codes(zip)).toEqual(["binary"]);
    // A workbook saved under a .csv name: the page says what it is and what to do.
    expect(zip.issues[0]!.message).toBe("The file is a ZIP archive (an Excel .xlsx workbook is one), not CSV text: export the table as CSV (UTF-8).");
    const latin1 = new Uint8Array([...enc.encode("customer_id,city\nc1,Z"), 0xfc, ...enc.encode("rich\n")]);
    // Without a profile the contract reads UTF-8 only: the file is blocked and offered the mapping step.
    const c = checkFile({ fileName: "customers.csv", size: latin1.length, bytes: latin1, complete: true });
    expect(codes(c)[0]).toBe("format");
    expect(c.issues[0]!.message).toContain("encoded as Windows-1252");
    expect(c.blocked).toBe(true);
    expect(c.needsMapping).toBe(true);
    // A profile that says UTF-8 reads it as the jobs would: not UTF-8 text.
    const p = checkFile({ fileName: "customers.csv", size: latin1.length, bytes: latin1, complete: true, profile: { encoding: "utf-8" } });
    expect(codes(p)).toEqual(["encoding"]);
    expect(p.header).toEqual(["customer_id", "city"]);
    expect(p.needsMapping).toBe(true);
  });

  it("blocks a whole file with a quote that never closes", () => {
    const c = checkFile(input("reviews.csv", 'review_id,rating,review_ts,comment\nr1,5,2025-11-01T00:00:00Z,"great\nr2,4,2025-11-02T00:00:00Z,ok\n'));
    expect(c.blocked).toBe(true);
    expect(c.issues[0]!.code).toBe("unterminated_quote");
    expect(c.issues[0]!.message).toContain("line 2");
  });
});

describe("checkFile: row estimate from a sample", () => {
  it("scales the sample's bytes per row to the file size", async () => {
    const header = "review_id,rating,review_ts,comment";
    const rows = Array.from({ length: 20_000 }, (_, i) => `r${String(i).padStart(6, "0")},${(i % 5) + 1},2025-11-01T00:00:00Z,"ok, fine ""really""\nsecond line é"`);
    const text = `${header}\r\n${rows.join("\r\n")}\r\n`;
    const blob = new Blob([text]);
    const sample = await readSample(blob, { wholeLimit: 64 * 1024, sampleBytes: 64 * 1024 });
    expect(sample.complete).toBe(false);
    expect(sample.bytes.length).toBe(64 * 1024);
    const c = checkFile({ fileName: "reviews.csv", size: blob.size, ...sample });
    expect(c.rowsExact).toBe(false);
    // Rows are equally long here, so the estimate is within one row.
    expect(Math.abs(c.rows! - 20_000)).toBeLessThanOrEqual(1);
    expect(c.problemCount).toBe(0);
    expect(codes(c)).toContain("sample_only");
  });

  it("reads a small file whole and counts exactly", async () => {
    const sample = await readSample(new Blob(["customer_id,signup_ts,country\nc1,2025-01-01T00:00:00Z,DE\nc2,2025-01-01T00:00:00Z,FR"]));
    expect(sample.complete).toBe(true);
    const c = checkFile({ fileName: "customers.csv", size: sample.bytes.length, ...sample });
    expect(c.rows).toBe(2);
    expect(c.rowsExact).toBe(true);
  });
});

describe("batch checks and checklist", () => {
  it("blocks a second file for the same table and lists the seven tables", () => {
    const a = checkFile(input("orders.csv", `${ORDERS_HEADER}\n${orderRow(1)}\n`));
    const b = checkFile(input("orders_fix.csv", `${ORDERS_HEADER}\n${orderRow(2)}\n`));
    const c = checkFile(input("products.csv", "product_id,name\np1,Mug\n"));
    const checks = withBatchIssues([a, b, c]);
    expect(checks[0]!.blocked).toBe(false);
    expect(checks[1]!.blocked).toBe(true);
    expect(checks[1]!.issues[0]!.code).toBe("duplicate_table");
    expect(checks[1]!.issues[0]!.message).toContain("orders.csv");

    const list = tableChecklist(checks);
    expect(list.map((i) => i.table)).toEqual(["customers", "products", "sessions", "events", "orders", "order_items", "reviews"]);
    expect(Object.fromEntries(list.map((i) => [i.table, i.status]))).toEqual({
      customers: "missing",
      products: "blocked",
      sessions: "missing",
      events: "missing",
      orders: "ready",
      order_items: "missing",
      reviews: "missing",
    });
  });
});

describe("guessMonth", () => {
  const read = (text: string) => readSampleFile(enc.encode(text), true, null);
  it("prefers a month in a file name, else the samples' most common fact month", () => {
    expect(guessMonth([{ fileName: "shop_2025-10_orders.csv", table: "orders", read: null }])).toBe("2025-10");
    const text = `${ORDERS_HEADER}\n${orderRow(1, "2025-11-02T10:00:00Z")}\n${orderRow(2, "2025-11-03T10:00:00Z")}\n${orderRow(3, "2025-10-31T10:00:00Z")}\n`;
    expect(guessMonth([{ fileName: "orders.csv", table: "orders", read: read(text) }])).toBe("2025-11");
    expect(guessMonth([{ fileName: "customers.csv", table: "customers", read: read("customer_id,signup_ts,country\nc1,2020-01-01T00:00:00Z,DE\n") }])).toBeNull();
  });
});
