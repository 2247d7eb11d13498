import { TABLES } from "../contracts/tables";
import type { CsvFileWriter } from "./csv-writer";
import { lowerBound, Rng, Weighted } from "./prng";
import { CATEGORIES, PRODUCT_ADJECTIVES, PRODUCT_VARIANTS } from "./reference-data";
import { growthMonths, monthsFromReference, PRODUCT_GROWTH, PRODUCTS_AT_REFERENCE, productScale } from "./volumes";

export const PRODUCT_COLUMNS = TABLES.products.columns.map((c) => c.name);

export const categoryWeights = new Weighted(CATEGORIES.map((c, i) => [i, c.weight] as const));

export function productId(index: number): string {
  return `P${index + 1}`;
}

/** The catalogue as of a month: prices in cents, demand weights, per-category samplers. */
export class Catalog {
  private readonly all: Float64Array;
  private readonly byCategory: { indexes: Int32Array; cumulative: Float64Array }[];

  constructor(
    readonly count: number,
    readonly priceCents: Int32Array,
    readonly costCents: Int32Array,
    readonly category: Uint8Array,
    /** demand weight; 0 for discontinued products, which are not sold */
    readonly demand: Float64Array,
    readonly names: readonly string[],
  ) {
    this.all = new Float64Array(count);
    let sum = 0;
    for (let i = 0; i < count; i++) this.all[i] = sum += demand[i] as number;
    if (sum <= 0) throw new RangeError("no active product");
    this.byCategory = CATEGORIES.map((_, c) => {
      const indexes: number[] = [];
      const cumulative: number[] = [];
      let s = 0;
      for (let i = 0; i < count; i++) {
        if (category[i] === c && (demand[i] as number) > 0) {
          indexes.push(i);
          cumulative.push((s += demand[i] as number));
        }
      }
      return { indexes: Int32Array.from(indexes), cumulative: Float64Array.from(cumulative) };
    });
  }

  /** A product by overall demand. */
  pick(rng: Rng): number {
    return lowerBound(this.all, rng.next() * (this.all[this.count - 1] as number));
  }

  /** A product of the category by demand (any product if the category has none active). */
  pickIn(rng: Rng, category: number): number {
    const c = this.byCategory[category];
    if (!c || c.indexes.length === 0) return this.pick(rng);
    const total = c.cumulative[c.cumulative.length - 1] as number;
    return c.indexes[lowerBound(c.cumulative, rng.next() * total)] as number;
  }
}

/** List price with a retail ending: mostly .99, some round numbers. */
function retailPriceCents(rng: Rng, median: number, sigma: number): number {
  const raw = Math.min(2500, Math.max(3, median * Math.exp(sigma * rng.normal())));
  const dollars = Math.floor(raw);
  const ending = rng.next();
  return dollars * 100 + (ending < 0.7 ? 99 : ending < 0.85 ? 0 : 49);
}

function productName(rng: Rng, brand: string, noun: string): string {
  let name = `${brand} ${rng.pick(PRODUCT_ADJECTIVES)} ${noun}`;
  // Some names carry commas and quotes, as real catalogues do.
  if (rng.chance(0.3)) name += `, ${rng.pick(PRODUCT_VARIANTS)}`;
  if (rng.chance(0.03)) name += ` "Limited" Edition`;
  return name;
}

export function catalogSize(scale: number, month: string): number {
  return Math.max(12, Math.round(PRODUCTS_AT_REFERENCE * productScale(scale) * Math.exp(PRODUCT_GROWTH * growthMonths(month))));
}

/** Writes the catalogue as of the month (full dimension; discontinued products have active=false). */
export async function writeProducts(writer: CsvFileWriter, opts: { seed: number; scale: number; month: string }): Promise<Catalog> {
  const count = catalogSize(opts.scale, opts.month);
  const base = PRODUCTS_AT_REFERENCE * productScale(opts.scale);
  const now = monthsFromReference(opts.month);
  const price = new Int32Array(count);
  const cost = new Int32Array(count);
  const category = new Uint8Array(count);
  const demand = new Float64Array(count);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    const rng = new Rng(opts.seed, "product", i);
    const c = categoryWeights.pick(rng);
    const info = CATEGORIES[c]!;
    const brand = rng.pick(info.brands);
    const sub = rng.pick(Object.keys(info.subcategories));
    const name = productName(rng, brand, rng.pick(info.subcategories[sub] ?? ["Item"]));
    // a few products were never given a subcategory
    const subcategory = rng.chance(0.03) ? null : sub;
    const p = retailPriceCents(rng, info.medianPrice, info.priceSigma);
    const k = Math.round(p * rng.uniform(info.costRatio[0], info.costRatio[1]));
    const popularity = Math.exp(0.9 * rng.normal());
    // Launch month follows the catalogue's growth curve; ~8 % are discontinued some months later.
    const launched = Math.log((i + 1) / base) / PRODUCT_GROWTH;
    const discontinuedAt = rng.chance(0.08) ? launched + 3 + rng.exp(18) : Infinity;
    const active = now < discontinuedAt;
    const spelledActive = active ? (rng.chance(0.03) ? "" : "true") : "false";
    price[i] = p;
    cost[i] = k;
    category[i] = c;
    demand[i] = active ? popularity : 0;
    names.push(name);
    writer.row([productId(i), name, info.name, subcategory, brand, (p / 100).toFixed(2), (k / 100).toFixed(2), spelledActive]);
    if (writer.full) await writer.flush();
  }
  return new Catalog(count, price, cost, category, demand, names);
}
