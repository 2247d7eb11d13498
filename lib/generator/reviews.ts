import { TABLES } from "../contracts/tables";
import { pickTimestampStyle } from "./calendar";
import { customerId } from "./customers";
import { Rng, Weighted } from "./prng";
import { productId } from "./products";
import type { OrderRecord } from "./orders";
import type { FactsContext } from "./sessions";
import { reviewText } from "./review-text";
import { COUNTRIES } from "./reference-data";

export const REVIEW_COLUMNS = TABLES.reviews.columns.map((c) => c.name);

const DAY = 86400;
const happyRatings = new Weighted<number>([[1, 6], [2, 5], [3, 11], [4, 27], [5, 51]]);
const returnedRatings = new Weighted<number>([[1, 45], [2, 30], [3, 15], [4, 7], [5, 3]]);
const anyRatings = new Weighted<number>([[1, 12], [2, 6], [3, 10], [4, 24], [5, 48]]);

/**
 * Reviews of the month: most follow a delivered (or returned) order of the same month, written a few
 * days after delivery; the rest are product reviews without an order (some anonymous).
 */
export async function writeReviews(ctx: FactsContext, orders: readonly OrderRecord[]): Promise<void> {
  const rng = new Rng(ctx.seed, ctx.month, "reviews");
  const { cal } = ctx;
  const writer = ctx.reviews;
  let n = 0;
  const emit = (ts: number, orderId: string | null, product: number, customer: number, rating: number) => {
    const country = customer >= 0 ? (COUNTRIES[ctx.customers.country[customer] ?? 0]?.code ?? null) : null;
    const text = reviewText(rng, rating, ctx.catalog.names[product] ?? "", country);
    writer.row([
      `R${ctx.code}-${++n}`,
      orderId,
      productId(product),
      customer >= 0 ? customerId(customer) : null,
      rating,
      cal.format(ts, pickTimestampStyle(rng, ctx.mixed)),
      text.title,
      text.comment,
    ]);
  };

  let linked = 0;
  for (const order of orders) {
    if (order.status !== "delivered" && order.status !== "returned") continue;
    const returned = order.status === "returned";
    if (!rng.chance(returned ? 0.5 : 0.42)) continue;
    const ts = order.ts + Math.floor((2 + rng.exp(2.5) + rng.exp(2.5)) * DAY);
    if (ts >= cal.end) continue;
    const ratings = returned ? returnedRatings : happyRatings;
    const first = rng.int(order.products.length);
    emit(ts, order.id, order.products[first] as number, order.customer, ratings.pick(rng));
    linked++;
    if (order.products.length >= 2 && rng.chance(0.15)) {
      const second = order.products[(first + 1) % order.products.length] as number;
      emit(Math.min(cal.end - 1, ts + 60 + rng.int(600)), order.id, second, order.customer, ratings.pick(rng));
    }
    if (writer.full) await writer.flush();
  }

  const unlinked = Math.round(linked * 0.22);
  for (let k = 0; k < unlinked; k++) {
    const ts = cal.sample(rng);
    const product = ctx.catalog.pick(rng);
    const customer = rng.chance(0.85) && orders.length > 0 ? rng.pick(orders).customer : -1;
    emit(ts, null, product, customer, anyRatings.pick(rng));
    if (writer.full) await writer.flush();
  }
}
