import { TABLES, type Channel, type Device, type OrderStatus } from "../contracts/tables";
import { pickTimestampStyle, type MonthCalendar } from "./calendar";
import type { CsvFileWriter } from "./csv-writer";
import { customerId, type CustomerBase } from "./customers";
import { Weighted, type Rng } from "./prng";
import { productId, type Catalog } from "./products";
import { COUNTRIES, HOME_COUNTRY, PAYMENT_METHOD_WEIGHTS } from "./reference-data";

export const ORDER_COLUMNS = TABLES.orders.columns.map((c) => c.name);
export const ORDER_ITEM_COLUMNS = TABLES.order_items.columns.map((c) => c.name);

/** What the review step needs to know about an order. */
export interface OrderRecord {
  id: string;
  ts: number;
  status: OrderStatus;
  customer: number;
  products: number[];
}

export interface NewOrder {
  ts: number;
  customer: number;
  sessionId: string | null;
  channel: Channel | null;
  device: Device | null;
  /** product → number of add_to_cart events */
  cart: Map<number, number>;
}

export interface OrderSink {
  cal: MonthCalendar;
  catalog: Catalog;
  customers: CustomerBase;
  orders: CsvFileWriter;
  items: CsvFileWriter;
  mixed: boolean;
}

const paymentWeights = Weighted.fromRecord(PAYMENT_METHOD_WEIGHTS);
const DAY = 86400;

// Status depends on how long before the month's end the order was placed: recent orders are
// still pending/paid, older ones mostly delivered, a few cancelled or returned.
const STATUS_BY_AGE: readonly [number, Weighted<OrderStatus>][] = [
  [1, Weighted.fromRecord<OrderStatus>({ pending: 22, paid: 70, shipped: 0, delivered: 0, cancelled: 8, returned: 0 })],
  [3, Weighted.fromRecord<OrderStatus>({ pending: 3, paid: 32, shipped: 58, delivered: 0, cancelled: 7, returned: 0 })],
  [7, Weighted.fromRecord<OrderStatus>({ pending: 0, paid: 4, shipped: 46, delivered: 42, cancelled: 5, returned: 3 })],
  [Infinity, Weighted.fromRecord<OrderStatus>({ pending: 1, paid: 1, shipped: 4, delivered: 82, cancelled: 5, returned: 7 })],
];

export function orderStatus(rng: Rng, ageDays: number): OrderStatus {
  for (const [maxAge, weights] of STATUS_BY_AGE) if (ageDays < maxAge) return weights.pick(rng);
  return "delivered";
}

const money = (cents: number) => (cents / 100).toFixed(2);

/**
 * Writes one order and its lines. Amounts are integer cents so the contract's arithmetic holds exactly:
 * subtotal = Σ (quantity × unit_price − line discount); total = subtotal − discount + shipping + tax.
 */
export function writeOrder(sink: OrderSink, rng: Rng, id: string, order: NewOrder): OrderRecord {
  const { catalog } = sink;
  const country = COUNTRIES[sink.customers.country[order.customer] ?? 0]!;
  let subtotal = 0;
  let line = 0;
  const products: number[] = [];
  for (const [product, adds] of order.cart) {
    line++;
    const quantity = adds + (rng.chance(0.1) ? 1 : 0) + (rng.chance(0.02) ? 2 : 0);
    const list = catalog.priceCents[product] as number;
    const unit = rng.chance(0.12) ? Math.round(list * rng.uniform(0.8, 0.95)) : list;
    const lineDiscount = rng.chance(0.07) ? Math.round(quantity * unit * rng.pick([0.05, 0.1, 0.15])) : 0;
    subtotal += quantity * unit - lineDiscount;
    products.push(product);
    sink.items.line(`${id}-${line},${id},${productId(product)},${quantity},${money(unit)},${lineDiscount || rng.chance(0.5) ? money(lineDiscount) : ""}\n`);
  }
  let discount = 0;
  if (rng.chance(0.11)) {
    const coupon = rng.next();
    discount = Math.min(subtotal, coupon < 0.5 ? Math.round(subtotal * 0.1) : coupon < 0.75 ? Math.round(subtotal * 0.15) : coupon < 0.9 ? 500 : 1000);
  }
  const net = subtotal - discount;
  const shipping = net >= 5000 ? 0 : country.code === HOME_COUNTRY ? 499 : 999;
  const tax = Math.round(net * country.taxRate);
  const total = net + shipping + tax;

  const status = orderStatus(rng, (sink.cal.end - order.ts) / DAY);
  // `canceled` is an accepted alias; a few rows use it.
  const spelledStatus = status === "cancelled" && sink.mixed && rng.chance(0.2) ? "canceled" : status;
  // A few orders leave country/channel/device empty: the contract fills them from the customer / session.
  const blank = order.sessionId !== null && rng.chance(0.02);
  const ts = sink.cal.format(order.ts, pickTimestampStyle(rng, sink.mixed));
  sink.orders.line(
    `${id},${customerId(order.customer)},${order.sessionId ?? ""},${ts},${spelledStatus},USD,${money(subtotal)},${money(discount)},` +
      `${money(shipping)},${money(tax)},${money(total)},${paymentWeights.pick(rng)},${blank ? "" : country.code},` +
      `${blank ? "" : (order.channel ?? "")},${blank ? "" : (order.device ?? "")}\n`,
  );
  return { id, ts: order.ts, status, customer: order.customer, products };
}
