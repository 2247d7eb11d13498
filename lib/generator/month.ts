import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { TableName } from "../contracts/types";
import { MonthCalendar } from "./calendar";
import { CsvFileWriter } from "./csv-writer";
import { CUSTOMER_COLUMNS, writeCustomers } from "./customers";
import { ORDER_COLUMNS, ORDER_ITEM_COLUMNS } from "./orders";
import { PRODUCT_COLUMNS, writeProducts } from "./products";
import { Rng } from "./prng";
import { REVIEW_COLUMNS, writeReviews } from "./reviews";
import { EVENT_COLUMNS, SESSION_COLUMNS, writeSessionlessOrders, writeSessionsAndOrders } from "./sessions";
import { planMonth } from "./volumes";

export interface MonthOptions {
  outDir: string;
  month: string;
  scale: number;
  seed: number;
  businessTimeZone: string;
  /** Mix the contract's other timestamp spellings and enum aliases into a few rows (default true). */
  mixedSpellings: boolean;
}

export interface GeneratedFile {
  month: string;
  table: TableName;
  /** Every table read from this file: [table], or orders + order_items for an order-lines file. */
  tables: TableName[];
  path: string;
  rows: number;
  bytes: number;
}

const HEADERS: Readonly<Record<TableName, readonly string[]>> = {
  customers: CUSTOMER_COLUMNS,
  products: PRODUCT_COLUMNS,
  sessions: SESSION_COLUMNS,
  events: EVENT_COLUMNS,
  orders: ORDER_COLUMNS,
  order_items: ORDER_ITEM_COLUMNS,
  reviews: REVIEW_COLUMNS,
};

/** Writes DIR/<month>/<table>.csv for the seven tables of one month. */
export async function generateMonth(opts: MonthOptions): Promise<GeneratedFile[]> {
  const dir = path.join(opts.outDir, opts.month);
  await mkdir(dir, { recursive: true });
  const writers = {} as Record<TableName, CsvFileWriter>;
  try {
    for (const table of Object.keys(HEADERS) as TableName[]) {
      writers[table] = await CsvFileWriter.open(path.join(dir, `${table}.csv`), HEADERS[table]);
    }
    const cal = new MonthCalendar(opts.month, opts.businessTimeZone, new Rng(opts.seed, opts.month, "calendar"));
    const customers = await writeCustomers(writers.customers, {
      seed: opts.seed,
      scale: opts.scale,
      asOf: cal.end,
      timeZone: opts.businessTimeZone,
      mixed: opts.mixedSpellings,
    });
    const catalog = await writeProducts(writers.products, { seed: opts.seed, scale: opts.scale, month: opts.month });
    const ctx = {
      seed: opts.seed,
      month: opts.month,
      code: opts.month.slice(2, 4) + opts.month.slice(5, 7),
      plan: planMonth(opts.month, cal.days, opts.scale, opts.seed),
      cal,
      catalog,
      customers,
      mixed: opts.mixedSpellings,
      sessions: writers.sessions,
      events: writers.events,
      orders: writers.orders,
      items: writers.order_items,
      reviews: writers.reviews,
    };
    const orders = await writeSessionsAndOrders(ctx);
    await writeSessionlessOrders(ctx, orders);
    await writeReviews(ctx, orders);

    const files: GeneratedFile[] = [];
    for (const table of Object.keys(HEADERS) as TableName[]) {
      const stats = await writers[table].close();
      files.push({ month: opts.month, table, tables: [table], ...stats });
    }
    return files;
  } catch (err) {
    for (const w of Object.values(writers)) w.destroy();
    throw err;
  }
}
