import { TABLES } from "../../contracts/tables";
import { Rng } from "../prng";
import { isoWall, offsetSeconds, zonedToEpochSeconds } from "../time-zone";
import { CATEGORIES } from "../reference-data";
import type { CsvRows } from "./csv-rows";
import type { ForeignFile, ForeignMonth } from "./context";
import { EncodedCsvWriter } from "./encoded-writer";
import { contractInstant } from "./instants";
import { lineNumber } from "./order-lines";
import { extra, mapped, writeRows, type OutColumn } from "./write-table";

/** The generator's categories under Olist's Portuguese names (kept as they are: the profile does not translate them). */
export const OLIST_CATEGORY_NAMES: Readonly<Record<string, string>> = {
  Electronics: "eletronicos",
  Fashion: "fashion_bolsas_e_acessorios",
  "Home & Kitchen": "cama_mesa_banho",
  Beauty: "beleza_saude",
  "Sports & Outdoors": "esporte_lazer",
  Books: "livros_interesse_geral",
  "Toys & Games": "brinquedos",
  Grocery: "alimentos_bebidas",
};
for (const c of CATEGORIES) if (!OLIST_CATEGORY_NAMES[c.name]) throw new Error(`no Olist name for the category ${c.name}`);

const DAY = 86400;
const HOUR = 3600;

/**
 * The Olist format: Olist's files and headers, its status words, item line numbers, no product name
 * or cost, Portuguese categories. What Olist lacks and the month needs stays under contract names
 * (see profiles.ts), so the month through the profile is the contract month.
 */
export async function writeOlistMonth(m: ForeignMonth): Promise<ForeignFile[]> {
  const files: ForeignFile[] = [];
  files.push(await customers(m));
  files.push(await products(m));
  files.push(...(await ordersAndItems(m)));
  files.push(await reviews(m));
  for (const table of ["sessions", "events"] as const) {
    const rows = await m.open(table);
    const tv = m.values(table, m.rng(table));
    files.push({ tables: [table], ...(await writeRows(rows, m.pathOf(table), m.conv, TABLES[table].columns.map((c) => mapped(rows, tv, c.name)))) });
  }
  return files;
}

async function customers(m: ForeignMonth): Promise<ForeignFile> {
  const rows = await m.open("customers");
  const tv = m.values("customers", m.rng("customers"));
  const cols = ["customer_id", "city", "signup_ts", "country", "acquisition_channel", "birth_year", "gender", "segment"].map((c) => mapped(rows, tv, c));
  return { tables: ["customers"], ...(await writeRows(rows, m.pathOf("customers"), m.conv, cols)) };
}

async function products(m: ForeignMonth): Promise<ForeignFile> {
  const rows = await m.open("products");
  const tv = m.values("products", m.rng("products"));
  const [id, name, category] = [rows.col("product_id"), rows.col("name"), rows.col("category")];
  // Olist's measurements: per product, the same in every month.
  const dims = (row: readonly string[]) => {
    const rng = new Rng(m.seed, "olist-product", row[id] ?? "");
    return [60 + rng.int(2900), 1 + rng.int(6), 50 + rng.int(15000), 10 + rng.int(90), 2 + rng.int(60), 8 + rng.int(60)];
  };
  let cached: { row: readonly string[]; dims: number[] } | null = null;
  const dim = (k: number) => (row: readonly string[]) => {
    if (cached?.row !== row) cached = { row, dims: dims(row) };
    return String(cached.dims[k]);
  };
  const cols: OutColumn[] = [
    mapped(rows, tv, "product_id"),
    {
      header: tv.header("category"),
      value: (r) => {
        const pt = OLIST_CATEGORY_NAMES[r[category] ?? ""];
        if (pt === undefined) throw new Error(`product ${r[id]}: no Olist name for the category "${r[category]}"`);
        return pt;
      },
    },
    extra("product_name_lenght", (r) => String([...(r[name] ?? "")].length)),
    extra("product_description_lenght", dim(0)),
    extra("product_photos_qty", dim(1)),
    extra("product_weight_g", dim(2)),
    extra("product_length_cm", dim(3)),
    extra("product_height_cm", dim(4)),
    extra("product_width_cm", dim(5)),
    mapped(rows, tv, "price"),
  ];
  return { tables: ["products"], ...(await writeRows(rows, m.pathOf("products"), m.conv, cols)) };
}

const cents = (text: string | undefined) => Math.round(Number(text || "0") * 100);

/** Olist's dates around an order, from its status: approval, hand-over to the carrier, delivery, the estimate. */
function orderDates(rng: Rng, ts: number, status: string): (number | null)[] {
  const approved = status === "pending" || (status === "cancelled" && rng.chance(0.5)) ? null : ts + 600 + rng.int(2 * HOUR);
  const carrier = approved !== null && ["shipped", "delivered", "returned"].includes(status) ? approved + DAY + rng.int(2 * DAY) : null;
  const delivered = carrier !== null && ["delivered", "returned"].includes(status) ? carrier + 2 * DAY + rng.int(6 * DAY) : null;
  return [approved, carrier, delivered, ts + (10 + rng.int(16)) * DAY];
}

/** Orders and their lines, read in step: a line's freight is its share of the order's shipping. */
async function ordersAndItems(m: ForeignMonth): Promise<ForeignFile[]> {
  const [orders, items, productRows] = await Promise.all([m.open("orders"), m.open("order_items"), m.open("products")]);
  const sellers = await sellerIds(m, productRows);
  const ov = m.values("orders", m.rng("orders"));
  const iv = m.values("order_items", m.rng("order_items"));
  const extraRng = m.rng("orders", "dates");
  const zone = m.profile.timezone ?? m.businessTimeZone;

  const orderCols = ["order_id", "customer_id", "status", "order_ts"].map((c) => mapped(orders, ov, c));
  const tail = ["session_id", "discount", "shipping", "tax"].map((c) => mapped(orders, ov, c));
  const dateHeaders = ["order_approved_at", "order_delivered_carrier_date", "order_delivered_customer_date", "order_estimated_delivery_date"];
  const at = { id: orders.col("order_id"), ts: orders.col("order_ts"), status: orders.col("status"), shipping: orders.col("shipping") };
  const it = { order: items.col("order_id"), id: items.col("order_item_id"), product: items.col("product_id") };
  const itemCols = {
    orderId: mapped(items, iv, "order_id"),
    productId: mapped(items, iv, "product_id"),
    price: mapped(items, iv, "unit_price"),
    quantity: mapped(items, iv, "quantity"),
    discount: mapped(items, iv, "discount"),
  };

  const ow = await EncodedCsvWriter.open(m.pathOf("orders"), [...orderCols.map((c) => c.header), ...dateHeaders, ...tail.map((c) => c.header)], m.conv);
  const itemHeader = [itemCols.orderId.header, iv.header("order_item_id"), itemCols.productId.header, "seller_id", "shipping_limit_date", itemCols.price.header, "freight_value", itemCols.quantity.header, itemCols.discount.header];
  const iw = await EncodedCsvWriter.open(m.pathOf("order_items"), itemHeader, m.conv);
  try {
    let item = await items.next();
    for (let order = await orders.next(); order; order = await orders.next()) {
      const id = order[at.id] ?? "";
      const ts = contractInstant(order[at.ts] ?? "", m.businessTimeZone).sec;
      const status = canonicalStatus(order[at.status] ?? "");
      const dates = orderDates(extraRng, ts, status).map((t, k) => (t === null ? "" : k === 3 ? ov.instant(localMidnight(t, zone)) : ov.instant(t)));
      ow.row([...orderCols.map((c) => c.value(order)), ...dates, ...tail.map((c) => c.value(order))]);

      const lines: (readonly string[])[] = [];
      for (; item && item[it.order] === id; item = await items.next()) lines.push(item);
      if (lines.length === 0) throw new Error(`order ${id} has no line right after the previous order's`);
      // Olist's freight is per line: the order's shipping split so that the lines add up to it, to the cent.
      const shipping = cents(order[at.shipping]);
      const limit = iv.instant(ts + 6 * DAY + extraRng.int(DAY));
      lines.forEach((line, k) => {
        const freight = Math.floor(shipping / lines.length) + (k < shipping % lines.length ? 1 : 0);
        iw.row([
          itemCols.orderId.value(line),
          lineNumber(line[it.id] ?? "", id),
          itemCols.productId.value(line),
          sellers.get(line[it.product] ?? "") ?? "",
          limit,
          itemCols.price.value(line),
          iv.money(freight),
          itemCols.quantity.value(line),
          itemCols.discount.value(line),
        ]);
      });
      if (ow.full) await ow.flush();
      if (iw.full) await iw.flush();
    }
    if (item) throw new Error(`order line ${item[it.id]} of order ${item[it.order]} follows no order of orders.csv`);
    return [
      { tables: ["orders"], ...(await ow.close()) },
      { tables: ["order_items"], ...(await iw.close()) },
    ];
  } catch (err) {
    ow.destroy();
    iw.destroy();
    throw err;
  }
}

function canonicalStatus(raw: string): string {
  const s = raw.trim().toLowerCase();
  return s === "canceled" ? "cancelled" : s;
}

/** The start of t's local day: Olist writes its estimates as dates at midnight. */
function localMidnight(t: number, zone: string): number {
  const [y, mo, d] = isoWall(t, offsetSeconds(t, zone)).slice(0, 10).split("-").map(Number) as [number, number, number];
  return zonedToEpochSeconds(y, mo, d, 0, 0, 0, zone);
}

/** Olist sellers are 32-hex ids; here one seller per brand, the same in every month. */
async function sellerIds(m: ForeignMonth, products: CsvRows): Promise<Map<string, string>> {
  const [id, brand] = [products.col("product_id"), products.col("brand")];
  const out = new Map<string, string>();
  for (let r = await products.next(); r; r = await products.next()) {
    const rng = new Rng(m.seed, "olist-seller", r[brand] ?? "");
    out.set(r[id] ?? "", Array.from({ length: 4 }, () => rng.nextUint32().toString(16).padStart(8, "0")).join(""));
  }
  return out;
}

async function reviews(m: ForeignMonth): Promise<ForeignFile> {
  const rows = await m.open("reviews");
  const tv = m.values("reviews", m.rng("reviews"));
  const answerRng = m.rng("reviews", "answers");
  const ts = rows.col("review_ts");
  const cols: OutColumn[] = [
    ...["review_id", "order_id", "rating", "title", "comment", "review_ts"].map((c) => mapped(rows, tv, c)),
    extra("review_answer_timestamp", (r) => tv.instant(contractInstant(r[ts] ?? "", m.businessTimeZone).sec + HOUR + answerRng.int(72 * HOUR))),
  ];
  return { tables: ["reviews"], ...(await writeRows(rows, m.pathOf("reviews"), m.conv, cols)) };
}
