import { TABLES } from "../../contracts/tables";
import type { TableName } from "../../contracts/types";
import { EncodedCsvWriter } from "./encoded-writer";
import type { CsvRows } from "./csv-rows";
import type { ForeignFile, ForeignMonth } from "./context";
import { extra, mapped, writeRows, type OutColumn } from "./write-table";

const OTHER_TABLES: readonly TableName[] = ["customers", "products", "sessions", "events", "reviews"];

/** Headers of the shop's own line columns, which the contract does not read. */
const EXTRA_HEADERS = {
  "en-US": { name: "Item Name", total: "Item Total" },
  "pt-BR": { name: "Nome do item", total: "Total do item" },
} as const;

/**
 * The order-lines format (WooCommerce / Shopify): one file with a row per order line, the order's
 * columns repeated on every line of the order (so any line read as `orders` gives the same order)
 * and the line's own, with a line number 1..n; the other five tables under the shop's headers.
 */
export async function writeOrderLinesMonth(m: ForeignMonth): Promise<ForeignFile[]> {
  const files: ForeignFile[] = [];
  for (const table of OTHER_TABLES) {
    const rows = await m.open(table);
    const tv = m.values(table, m.rng(table));
    const stats = await writeRows(rows, m.pathOf(table), m.conv, TABLES[table].columns.map((c) => mapped(rows, tv, c.name)));
    files.push({ tables: [table], ...stats });
  }
  files.push(await writeLines(m));
  return files;
}

/** The line number of a contract line id `<order_id>-<n>`. */
export function lineNumber(orderItemId: string, orderId: string): string {
  const n = orderItemId.startsWith(`${orderId}-`) ? orderItemId.slice(orderId.length + 1) : "";
  if (!/^\d+$/.test(n)) throw new Error(`order line "${orderItemId}" is not "${orderId}-<line number>"`);
  return n;
}

async function writeLines(m: ForeignMonth): Promise<ForeignFile> {
  const path = m.pathOf("orders");
  if (path !== m.pathOf("order_items")) throw new Error("the order-lines profile must read orders and order_items from one file");
  const [orders, items, products] = await Promise.all([m.open("orders"), m.open("order_items"), m.open("products")]);
  const names = await productNames(products);
  const rng = m.rng("order-lines");
  const ov = m.values("orders", rng);
  const iv = m.values("order_items", rng);

  const orderCols = TABLES.orders.columns.map((c) => mapped(orders, ov, c.name));
  const headers = new Set(orderCols.map((c) => c.header));
  const itemCols = TABLES.order_items.columns.map((c) => mapped(items, iv, c.name)).filter((c) => !headers.has(c.header));
  const [oid, iid, pid, qty, unit, disc] = ["order_id", "order_item_id", "product_id", "quantity", "unit_price", "discount"].map((c) => items.col(c)) as number[];
  const itemIdAt = itemCols.findIndex((c) => c.header === iv.header("order_item_id"));
  const lineCols: OutColumn[] = [
    ...itemCols.slice(0, itemIdAt + 2),
    extra(EXTRA_HEADERS[m.locale].name, (r) => iv.text(names.get(r[pid!] ?? "") ?? "")),
    ...itemCols.slice(itemIdAt + 2),
    // The shop's line total (not read: the contract computes line sales itself).
    extra(EXTRA_HEADERS[m.locale].total, (r) => iv.money(Math.round(Number(r[qty!]) * Number(r[unit!]) * 100) - Math.round(Number(r[disc!] || "0") * 100))),
  ];
  const itemIdCol = lineCols.findIndex((c) => c.header === iv.header("order_item_id"));

  const w = await EncodedCsvWriter.open(path, [...orderCols, ...lineCols].map((c) => c.header), m.conv);
  try {
    const orderIdAt = orders.col("order_id");
    let item = await items.next();
    for (let order = await orders.next(); order; order = await orders.next()) {
      const id = order[orderIdAt] ?? "";
      // The order's own columns once, repeated verbatim on each of its lines.
      const head = orderCols.map((c) => c.value(order));
      let lines = 0;
      for (; item && item[oid!] === id; item = await items.next()) {
        const line = lineCols.map((c) => c.value(item!));
        line[itemIdCol] = lineNumber(item[iid!] ?? "", id);
        w.row([...head, ...line]);
        lines++;
      }
      if (lines === 0) throw new Error(`order ${id} has no line right after the previous order's: an order-lines export cannot carry it`);
      if (w.full) await w.flush();
    }
    if (item) throw new Error(`order line ${item[iid!]} of order ${item[oid!]} follows no order of orders.csv`);
    const stats = await w.close();
    return { tables: ["orders", "order_items"], ...stats };
  } catch (err) {
    w.destroy();
    throw err;
  }
}

async function productNames(products: CsvRows): Promise<Map<string, string>> {
  const [id, name] = [products.col("product_id"), products.col("name")];
  const out = new Map<string, string>();
  for (let r = await products.next(); r; r = await products.next()) out.set(r[id] ?? "", r[name] ?? "");
  return out;
}
