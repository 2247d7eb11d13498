/**
 * Deterministic randomness for the sample-data generator.
 * sfc32 is small, fast and has no global state; every stream is seeded from (seed, labels...)
 * so a month, a customer or a product always draws the same numbers whatever else is generated.
 */

/** 32-bit FNV-1a over a string, then avalanche-mixed (murmur3 finaliser). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function splitmix32(state: number): () => number {
  let s = state | 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A stream identified by the seed and any labels, e.g. `new Rng(42, "2025-11", "sessions")`. */
  constructor(seed: number, ...labels: readonly (string | number)[]) {
    const next = splitmix32(hash32(`${seed}\u0000${labels.join("\u0000")}`));
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next() | 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [min, max] inclusive. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  uniform(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError("pick from an empty list");
    return item;
  }

  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Standard normal (Box–Muller, one value per call: simpler to keep deterministic). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Number of extra successes: 0 with probability 1-q, 1 with q(1-q) … (mean q/(1-q)). */
  geometric(q: number, max = 50): number {
    let k = 0;
    while (k < max && this.next() < q) k++;
    return k;
  }
}

/** Weighted choice over a fixed list: cumulative weights + binary search. */
export class Weighted<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map(([item]) => item);
    this.cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, w], i) => {
      if (!(w >= 0)) throw new RangeError(`negative weight at ${i}`);
      sum += w;
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new RangeError("weights must not all be zero");
    this.total = sum;
  }

  static fromRecord<K extends string>(weights: Readonly<Record<K, number>>): Weighted<K> {
    return new Weighted(Object.entries(weights) as [K, number][]);
  }

  index(rng: Rng): number {
    return lowerBound(this.cumulative, rng.next() * this.total);
  }

  pick(rng: Rng): T {
    return this.items[this.index(rng)] as T;
  }
}

/** First index whose cumulative value is > x (the bucket x falls in). */
export function lowerBound(cumulative: Float64Array, x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] as number) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
