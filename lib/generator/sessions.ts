import { TABLES } from "../contracts/tables";
import { pickTimestampStyle } from "./calendar";
import type { CsvFileWriter } from "./csv-writer";
import { countryWeights, customerId, type CustomerBase } from "./customers";
import { lowerBound, Rng, Weighted } from "./prng";
import { categoryWeights, productId, type Catalog } from "./products";
import { CATEGORIES, CHANNEL_INTENT, COUNTRIES, DEVICE_INTENT, DEVICE_WEIGHTS, SESSION_CHANNEL_WEIGHTS, UTM } from "./reference-data";
import { writeOrder, type OrderRecord, type OrderSink } from "./orders";
import type { MonthPlan } from "./volumes";

export const SESSION_COLUMNS = TABLES.sessions.columns.map((c) => c.name);
export const EVENT_COLUMNS = TABLES.events.columns.map((c) => c.name);

const channelWeights = Weighted.fromRecord(SESSION_CHANNEL_WEIGHTS);
const deviceWeights = Weighted.fromRecord(DEVICE_WEIGHTS);
const DAY = 86400;

/**
 * Funnel base rates. Per step: browsed/sessions ≈ 0.97, cart/browsed ≈ 0.5, checkout/cart ≈ 0.36,
 * purchase/checkout ≈ 0.75 — so the biggest drop is add to cart → checkout, as for the reference client.
 * Channel and device intent move each session around these rates.
 */
const P_BROWSE = 0.97;
const P_CART = 0.5;
const P_CHECKOUT = 0.36;
const P_PURCHASE = 0.75;

export interface FactsContext extends OrderSink {
  seed: number;
  month: string;
  /** `2511` for 2025-11: keeps ids unique across months */
  code: string;
  plan: MonthPlan;
  sessions: CsvFileWriter;
  events: CsvFileWriter;
  reviews: CsvFileWriter;
}

/** Count of customers signed up at or before t (signup is ascending). */
function customersBy(customers: CustomerBase, t: number): number {
  if (customers.count === 0 || (customers.signup[customers.count - 1] as number) <= t) return customers.count;
  return lowerBound(customers.signup, t);
}

function pickCustomer(rng: Rng, customers: CustomerBase, t: number): number {
  const available = customersBy(customers, t);
  if (available === 0) return -1;
  if (rng.chance(0.15)) {
    // recently signed up customers are the most active
    const recent = lowerBound(customers.signup, t - 45 * DAY);
    if (recent < available) return recent + rng.int(available - recent);
  }
  const u = rng.next();
  return Math.min(available - 1, Math.floor(available * (1 - u * u)));
}

const clamp01 = (p: number) => Math.min(0.98, Math.max(0, p));

/** Seconds between two events of a session. */
function gap(rng: Rng): number {
  return 4 + Math.floor(rng.exp(38));
}

/** Most views stay in the session's category of interest. */
function pickProduct(rng: Rng, catalog: Catalog, interest: number): number {
  return rng.chance(0.75) ? catalog.pickIn(rng, interest) : catalog.pick(rng);
}

/** A session's events before they are written: seconds after the start and the row's tail. */
class Steps {
  offsets: number[] = [];
  // event_type,product_id,order_id,page_url ("purchase" is completed once the order id is known)
  lines: string[] = [];
  length = 0;
  push(offset: number, line: string): void {
    this.offsets[this.length] = offset;
    this.lines[this.length++] = line;
  }
}

/** Generates the month's sessions with their events, and the orders (with items) they produce. */
export async function writeSessionsAndOrders(ctx: FactsContext): Promise<OrderRecord[]> {
  const { cal, catalog, customers, plan, code } = ctx;
  const startRng = new Rng(ctx.seed, ctx.month, "session-starts");
  const starts = new Float64Array(plan.sessions);
  for (let i = 0; i < starts.length; i++) starts[i] = cal.sample(startRng);
  starts.sort();

  const rng = new Rng(ctx.seed, ctx.month, "sessions");
  const orders: OrderRecord[] = [];
  let eventNo = 0;
  const steps = new Steps(); // reused: keeps the hot loop allocation-light

  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] as number;
    const sessionId = `S${code}-${i + 1}`;
    const channel = channelWeights.pick(rng);
    const device = deviceWeights.pick(rng);
    const intent = CHANNEL_INTENT[channel] * DEVICE_INTENT[device];
    const browsed = rng.chance(P_BROWSE);
    const carted = browsed && rng.chance(clamp01(P_CART * Math.sqrt(intent) * plan.cartFactor));
    const checkedOut = carted && rng.chance(clamp01(P_CHECKOUT * intent * plan.checkoutFactor));
    let purchased = checkedOut && rng.chance(clamp01(P_PURCHASE * Math.sqrt(intent) * plan.purchaseFactor));

    // Buyers are always identified (an order needs a customer); others log in more the deeper they go.
    const pLogged = purchased ? 1 : checkedOut ? 0.75 : carted ? 0.55 : channel === "email" ? 0.7 : 0.38;
    const customer = rng.chance(pLogged) ? pickCustomer(rng, customers, start) : -1;
    if (customer < 0) purchased = false;
    const country =
      customer >= 0 && rng.chance(0.93) ? (customers.country[customer] as number) : countryWeights.pick(rng);

    // --- events ---
    steps.length = 0;
    let t = 0;
    let landing = "/";
    const cart = new Map<number, number>();
    if (browsed) {
      const interest = categoryWeights.pick(rng);
      const slug = CATEGORIES[interest]!.slug;
      const nAdds = carted ? 1 + rng.geometric((purchased ? 0.6 : 0.2) * plan.basketFactor) : 0;
      let nViews = Math.max(nAdds, rng.chance(0.1) ? 0 : 1 + rng.geometric(0.22));
      let extraPages = rng.geometric(0.12);
      const l = rng.next();
      let first = -1;
      if (l < 0.4) landing = "/";
      else if (l < 0.7 || nViews === 0) landing = `/c/${slug}`;
      else {
        first = pickProduct(rng, catalog, interest);
        landing = `/p/${productId(first)}`;
      }
      steps.push(0, `page_view,,,${landing}`);
      let addsLeft = nAdds;
      while (nViews > 0) {
        if (extraPages > 0 && rng.chance(0.5)) {
          extraPages--;
          steps.push((t += gap(rng)), rng.chance(0.8) ? `page_view,,,/c/${slug}` : "page_view,,,/search");
        }
        const product = first >= 0 ? first : pickProduct(rng, catalog, interest);
        first = -1;
        steps.push((t += gap(rng)), `product_view,${productId(product)},,`);
        if (addsLeft > 0 && (addsLeft >= nViews || rng.chance(0.6))) {
          addsLeft--;
          cart.set(product, (cart.get(product) ?? 0) + 1);
          steps.push((t += gap(rng)), `add_to_cart,${productId(product)},,`);
        }
        nViews--;
      }
      while (extraPages-- > 0) steps.push((t += gap(rng)), "page_view,,,/");
      if (cart.size >= 2 && rng.chance(0.15)) {
        const [removed] = cart.keys();
        if (removed !== undefined) {
          cart.delete(removed);
          steps.push((t += gap(rng)), `remove_from_cart,${productId(removed)},,`);
        }
      }
      if (checkedOut) steps.push((t += gap(rng)), "begin_checkout,,,/checkout");
      if (purchased) steps.push((t += 30 + Math.floor(rng.exp(90))), "purchase");
    }
    let endOffset = t + 1 + Math.floor(rng.exp(25));
    // Sessions never spill into the next month: squeeze the timeline if needed.
    const room = cal.end - 1 - start;
    let squeezed = false;
    if (endOffset > room) {
      const f = room / endOffset;
      for (let k = 0; k < steps.length; k++) steps.offsets[k] = Math.floor((steps.offsets[k] as number) * f);
      endOffset = room;
      squeezed = true;
    }

    // --- order ---
    let orderId = "";
    if (purchased) {
      const purchaseAt = start + (steps.offsets[steps.length - 1] ?? 0);
      orderId = `O${code}-${orders.length + 1}`;
      orders.push(writeOrder(ctx, rng, orderId, { ts: purchaseAt, customer, sessionId, channel, device, cart }));
    }

    // --- rows ---
    const style = pickTimestampStyle(rng, ctx.mixed);
    const utm = UTM[channel];
    const hasUtm = utm !== undefined && rng.chance(0.9);
    const campaign = hasUtm && utm.campaigns.length > 0 ? rng.pick(utm.campaigns) : "";
    const noEnd = rng.chance(0.01);
    ctx.sessions.line(
      `${sessionId},${customer >= 0 ? customerId(customer) : ""},${cal.format(start, style)},` +
        `${noEnd ? "" : cal.format(start + endOffset, style)},${channel},${device},${COUNTRIES[country]!.code},` +
        `${browsed ? landing : ""},${hasUtm ? rng.pick(utm.sources) : ""},${hasUtm ? utm.medium : ""},${campaign}\n`,
    );
    let eventLines = "";
    for (let k = 0; k < steps.length; k++) {
      const eventStyle = pickTimestampStyle(rng, ctx.mixed);
      // fractional seconds stay strictly before the session end
      const millis = eventStyle === "fraction" && !squeezed ? rng.int(1000) : 0;
      const tail = steps.lines[k] === "purchase" ? `purchase,,${orderId},/checkout/complete` : steps.lines[k];
      eventLines += `E${code}-${++eventNo},${sessionId},${cal.format(start + (steps.offsets[k] as number), eventStyle, millis)},${tail}\n`;
    }
    if (steps.length > 0) ctx.events.lines(eventLines, steps.length);

    if (ctx.events.full) await ctx.events.flush();
    if (ctx.sessions.full) await ctx.sessions.flush();
    if (ctx.orders.full) await ctx.orders.flush();
    if (ctx.items.full) await ctx.items.flush();
  }
  return orders;
}

/** Orders placed without a web session (phone, marketplace): no session, channel and device left empty. */
export async function writeSessionlessOrders(ctx: FactsContext, orders: OrderRecord[]): Promise<void> {
  const rng = new Rng(ctx.seed, ctx.month, "sessionless-orders");
  const n = Math.round(orders.length * ctx.plan.sessionlessShare);
  for (let k = 0; k < n; k++) {
    const ts = ctx.cal.sample(rng);
    const customer = pickCustomer(rng, ctx.customers, ts);
    if (customer < 0) continue;
    const cart = new Map<number, number>();
    const lines = 1 + rng.geometric(0.4);
    for (let j = 0; j < lines; j++) {
      const p = ctx.catalog.pick(rng);
      cart.set(p, (cart.get(p) ?? 0) + 1);
    }
    const id = `O${ctx.code}-${orders.length + 1}`;
    orders.push(writeOrder(ctx, rng, id, { ts, customer, sessionId: null, channel: null, device: null, cart }));
    if (ctx.orders.full) await ctx.orders.flush();
    if (ctx.items.full) await ctx.items.flush();
  }
}
