import { describe, expect, it } from "vitest";
import type { SourceProfile } from "@/lib/contracts";
import { CheckAborted, CsvReader, checkFile, checkWholeFile, type CsvRecord } from "@/lib/upload-check";
import { cp1252, ptCsv, ptLine } from "../support/foreign-export";

const enc = new TextEncoder();
const ORDERS_HEADER = "order_id,customer_id,session_id,order_ts,status,currency,subtotal,discount,shipping,tax,total,payment_method,country,channel,device";
const orderRow = (i: number, status = "paid") => `o${i},c${i},,2025-11-03T14:05:00Z,${status},USD,10,0,0,0,10.50,"card, ""visa""",US,email,mobile`;

const PT: SourceProfile = {
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
    },
    order_items: { file: "pedidos*.csv", columns: { order_id: "Pedido", order_item_id: "Item", product_id: "Produto", quantity: "Quantidade", unit_price: "Preço unitário" } },
  },
};

describe("CsvReader (Papa Parse, chunk by chunk)", () => {
  it("gives the same records and lines wherever the chunks are cut", () => {
    const text = '\uFEFFa;b\r\n1;"x\r\ny"\r\n\r\n2;"q""z"\r\n3;"a;b" \r\n4;5';
    const expected: CsvRecord[] = [
      { fields: ["a", "b"], line: 1 },
      { fields: ["1", "x\r\ny"], line: 2 },
      { fields: ["2", 'q"z'], line: 5 },
      { fields: ["3", "a;b"], line: 6 },
      { fields: ["4", "5"], line: 7 },
    ];
    for (let cut = 0; cut <= text.length; cut++) {
      for (const cut2 of [cut, Math.min(text.length, cut + 3)]) {
        const out: CsvRecord[] = [];
        const r = new CsvReader(";", "utf-8", (rec) => void out.push(rec));
        r.push(text.slice(0, cut), false);
        r.push(text.slice(cut, cut2), false);
        r.push(text.slice(cut2), true);
        expect(out, `cut at ${cut}/${cut2}`).toEqual(expected);
        expect(r.state.reachedEnd).toBe(true);
      }
    }
  });

  it("reports a quote that never closes at the line it opens", () => {
    const r = new CsvReader(",", "utf-8", () => {});
    r.push('a,b\n1,2\n3,"never\n4,5\n', true);
    expect(r.state.unterminatedQuoteLine).toBe(3);
  });
});

describe("checkWholeFile: every row, in chunks, as the sample check reads it", () => {
  it("agrees with checkFile on a whole small file, for any chunk size (multi-byte characters split)", async () => {
    const text = [ORDERS_HEADER, orderRow(1), "o2,c2,,2025-11-03T14:05:00Z,lost,USD,10,0,0,0,10.50,Überweisung é 漢字,US,email,mobile", orderRow(3, "Canceled"), orderRow(4, "x")].join("\r\n");
    const bytes = enc.encode(text);
    const ctx = { fileName: "orders.csv", size: bytes.length, month: "2025-11", timeZone: "UTC" };
    const whole = checkFile({ ...ctx, bytes, complete: true });
    expect(whole.problems.map((p) => `${p.line}:${p.column}:${p.value}`)).toEqual(["3:status:lost", "5:status:x"]);
    for (const chunkBytes of [1, 2, 3, 7, 64, 1 << 20]) {
      const streamed = await checkWholeFile(new Blob([bytes]), ctx, { chunkBytes });
      expect(streamed, `chunks of ${chunkBytes}`).toEqual(whole);
    }
  });

  it("reads a Windows-1252 order-lines export through its profile, in small chunks", async () => {
    const lines = Array.from({ length: 50 }, (_, i) => ptLine(i));
    lines[40] = ptLine(40, { status: "Extraviado" });
    const bytes = cp1252(ptCsv(lines));
    const ctx = { fileName: "pedidos_2025-11.csv", size: bytes.length, profile: PT, month: "2025-11", timeZone: "UTC" };
    const c = await checkWholeFile(new Blob([bytes]), ctx, { chunkBytes: 97 });
    expect(c).toMatchObject({ table: "orders", alsoTable: "order_items", rows: 50, rowsExact: true, blocked: false });
    expect(c.problems).toEqual([expect.objectContaining({ line: 42, source: "Situação", value: "Extraviado", rule: "enum" })]);
    expect(c).toEqual(checkFile({ ...ctx, bytes, complete: true }));
  });

  it("counts every row of a large file exactly and finds the problems at its end, with their lines", async () => {
    const n = 200_000;
    const parts: string[] = [ORDERS_HEADER];
    for (let i = 1; i <= n; i++) parts.push(orderRow(i, i === n - 1 ? "lost" : "paid"));
    const blob = new Blob([parts.join("\n")]);
    const progress: number[] = [];
    const started = performance.now();
    const c = await checkWholeFile(blob, { fileName: "orders.csv", size: blob.size, month: "2025-11", timeZone: "UTC" }, { onProgress: (b) => progress.push(b) });
    const ms = performance.now() - started;
    console.log(`checkWholeFile: ${(blob.size / 1024 / 1024).toFixed(1)} MB, ${n} rows in ${ms.toFixed(0)} ms (${(blob.size / 1024 / 1024 / (ms / 1000)).toFixed(1)} MB/s)`);
    expect(c.rows).toBe(n);
    expect(c.rowsExact).toBe(true);
    expect(c.sampledRows).toBe(n);
    expect(c.problems).toEqual([expect.objectContaining({ line: n, column: "status", value: "lost" })]);
    expect(progress.at(-1)).toBe(blob.size);
    expect(progress.length).toBeGreaterThan(1);
  });

  it("stops at a record over the line limit, and at a UTF-8 error, naming what went wrong", async () => {
    const long = enc.encode(`${ORDERS_HEADER}\n${orderRow(1)}\n${orderRow(2).replace("card", "c".repeat(1.2 * 1024 * 1024))}\n${orderRow(3)}\n`);
    const c = await checkWholeFile(new Blob([long]), { fileName: "orders.csv", size: long.length }, { chunkBytes: 256 * 1024 });
    expect(c.issues[0]).toMatchObject({ code: "limits", message: expect.stringMatching(/^Line 3 is 1\.2 MB long/) });
    expect(c.blocked).toBe(true);

    // Past the first bytes (where a wrong byte would make the file Windows-1252, not the contract's UTF-8).
    const rows = Array.from({ length: 2000 }, (_, i) => orderRow(i)).join("\n");
    const bad = new Uint8Array([...enc.encode(`${ORDERS_HEADER}\n${rows}\n`), 0xff, ...enc.encode(`${orderRow(2)}\n`)]);
    const e = await checkWholeFile(new Blob([bad]), { fileName: "orders.csv", size: bad.length });
    expect(e.issues[0]).toMatchObject({ code: "encoding" });
    expect(e.blocked).toBe(true);
  });

  it("can be cancelled between chunks", async () => {
    const blob = new Blob([`${ORDERS_HEADER}\n${Array.from({ length: 5000 }, (_, i) => orderRow(i)).join("\n")}`]);
    const abort = new AbortController();
    const run = checkWholeFile(blob, { fileName: "orders.csv", size: blob.size }, { chunkBytes: 4096, signal: abort.signal, onProgress: () => abort.abort() });
    await expect(run).rejects.toBeInstanceOf(CheckAborted);
  });
});
