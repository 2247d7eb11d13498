import type { ColumnSpec, TableName, TableSpec } from "./types";

export const CHANNELS = ["organic", "paid_search", "paid_social", "social", "email", "direct", "referral", "affiliate", "other"] as const;
export const DEVICES = ["desktop", "mobile", "tablet", "other"] as const;
export const EVENT_TYPES = ["page_view", "product_view", "add_to_cart", "remove_from_cart", "begin_checkout", "purchase"] as const;
export const ORDER_STATUSES = ["pending", "paid", "shipped", "delivered", "cancelled", "returned"] as const;
/** Statuses whose orders count as revenue (DATA_CONTRACT.md "Recognised order"). */
export const RECOGNISED_STATUSES = ["paid", "shipped", "delivered"] as const;

export type Channel = (typeof CHANNELS)[number];
export type Device = (typeof DEVICES)[number];
export type EventType = (typeof EVENT_TYPES)[number];
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const str = (name: string, required = false): ColumnSpec => ({ name, type: "string", required });
const ts = (name: string, required = false): ColumnSpec => ({ name, type: "timestamp", required });
const money = (name: string, required = false): ColumnSpec => ({ name, type: "decimal", required, min: 0 });
const channel = (name: string, required = false): ColumnSpec => ({ name, type: "enum", required, values: CHANNELS });
const device = (name: string, required = false): ColumnSpec => ({ name, type: "enum", required, values: DEVICES });

export const TABLES: Readonly<Record<TableName, TableSpec>> = {
  customers: {
    name: "customers",
    kind: "dimension",
    primaryKey: ["customer_id"],
    columns: [
      str("customer_id", true),
      ts("signup_ts", true),
      { name: "country", type: "country", required: true },
      str("city"),
      channel("acquisition_channel"),
      { name: "birth_year", type: "integer", min: 1900, max: "currentYear" },
      str("gender"),
      str("segment"),
    ],
  },
  products: {
    name: "products",
    kind: "dimension",
    primaryKey: ["product_id"],
    columns: [
      str("product_id", true),
      // Optional (v2): most exports lack some of them; job 2 reads a null name as the product_id and a
      // null category as `Uncategorised`; a null cost is unknown, never 0.
      str("name"),
      str("category"),
      str("subcategory"),
      str("brand"),
      money("price", true),
      money("cost"),
      { name: "active", type: "boolean", default: "true" },
    ],
  },
  sessions: {
    name: "sessions",
    kind: "fact",
    primaryKey: ["session_id"],
    monthColumn: "session_start",
    columns: [
      str("session_id", true),
      str("customer_id"),
      ts("session_start", true),
      { name: "session_end", type: "timestamp", notBefore: "session_start" },
      channel("channel", true),
      device("device", true),
      { name: "country", type: "country", required: true },
      str("landing_page"),
      str("utm_source"),
      str("utm_medium"),
      str("utm_campaign"),
    ],
  },
  events: {
    name: "events",
    kind: "fact",
    primaryKey: ["event_id"],
    monthColumn: "event_ts",
    columns: [
      str("event_id", true),
      str("session_id", true),
      ts("event_ts", true),
      { name: "event_type", type: "enum", required: true, values: EVENT_TYPES },
      str("product_id"),
      str("order_id"),
      str("page_url"),
    ],
  },
  orders: {
    name: "orders",
    kind: "fact",
    primaryKey: ["order_id"],
    monthColumn: "order_ts",
    columns: [
      str("order_id", true),
      str("customer_id", true),
      str("session_id"),
      ts("order_ts", true),
      { name: "status", type: "enum", required: true, values: ORDER_STATUSES, aliases: { canceled: "cancelled" } },
      { name: "currency", type: "currency", default: "USD" },
      money("subtotal"),
      money("discount"),
      money("shipping"),
      money("tax"),
      // Optional (v2): null → Σ lines + shipping + tax − order discount, computed in job 2.
      money("total"),
      str("payment_method"),
      { name: "country", type: "country" },
      channel("channel"),
      device("device"),
    ],
  },
  order_items: {
    name: "order_items",
    kind: "fact",
    primaryKey: ["order_id", "order_item_id"],
    columns: [
      str("order_item_id", true),
      str("order_id", true),
      str("product_id", true),
      { name: "quantity", type: "integer", required: true, min: 0, minExclusive: true },
      money("unit_price", true),
      { name: "discount", type: "decimal", min: 0, default: "0" },
    ],
  },
  reviews: {
    name: "reviews",
    kind: "fact",
    primaryKey: ["review_id"],
    monthColumn: "review_ts",
    columns: [
      str("review_id", true),
      str("order_id"),
      str("product_id"),
      str("customer_id"),
      { name: "rating", type: "integer", required: true, min: 1, max: 5 },
      ts("review_ts", true),
      str("title"),
      str("comment"),
    ],
  },
};

export function requiredColumns(spec: TableSpec): string[] {
  return spec.columns.filter((c) => c.required).map((c) => c.name);
}
