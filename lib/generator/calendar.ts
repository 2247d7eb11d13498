import { lowerBound, type Rng } from "./prng";
import { parseMonth } from "../contracts/months";
import { formatOffset, isoWall, monthBounds, offsetSeconds, zonedParts } from "./time-zone";

/** Relative traffic by local hour: quiet nights, a lunch bump, busiest evenings. */
export const HOUR_WEIGHTS: readonly number[] = [
  0.34, 0.2, 0.13, 0.1, 0.09, 0.12, 0.24, 0.45, 0.68, 0.84, 0.94, 1.0, 1.08, 1.02, 0.95, 0.94, 0.99, 1.1, 1.32, 1.55, 1.66, 1.55, 1.16, 0.7,
];
/** Relative traffic by local weekday, Monday first: weekends are busier. */
export const WEEKDAY_WEIGHTS: readonly number[] = [0.92, 0.9, 0.93, 0.97, 1.04, 1.22, 1.28];

const HOUR = 3600;
const MMSS: readonly string[] = Array.from({ length: 3600 }, (_, s) => `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`);

/** How a timestamp is spelled; all are valid per the contract, `z` is the common case. */
export type TimestampStyle = "z" | "local" | "offset" | "fraction" | "utcSuffix";

// Offsets used for the `offset` spelling when the business zone is UTC (any offset is a valid instant).
const OTHER_OFFSETS = [-10800, 7200, 19800, 32400];

/** US shopping peaks: Black Friday and Cyber Monday (day of month in November). */
function shoppingPeaks(year: number, month: number): Map<number, number> {
  const peaks = new Map<number, number>();
  if (month === 11) {
    const firstDow = new Date(Date.UTC(year, 10, 1)).getUTCDay(); // 0 = Sunday
    const thanksgiving = 1 + ((4 - firstDow + 7) % 7) + 21;
    peaks.set(thanksgiving, 1.15);
    peaks.set(thanksgiving + 1, 2.0);
    peaks.set(thanksgiving + 2, 1.45);
    peaks.set(thanksgiving + 3, 1.35);
    if (thanksgiving + 4 <= 30) peaks.set(thanksgiving + 4, 1.7);
  }
  if (month === 12) {
    peaks.set(24, 0.75);
    peaks.set(25, 0.55);
    peaks.set(26, 1.2);
  }
  return peaks;
}

/**
 * One month in the business time zone, cut into hour slots weighted by local weekday, hour,
 * shopping peaks and a little day-to-day noise. Sampling a slot then a second inside it gives
 * timestamps with weekly and hourly seasonality that all fall inside the month.
 */
export class MonthCalendar {
  readonly start: number;
  readonly end: number;
  readonly days: number;
  private readonly slotStart: Float64Array;
  private readonly slotLen: Float64Array;
  private readonly slotOffset: Float64Array;
  private readonly slotStable: Uint8Array;
  private readonly cumulative: Float64Array;
  private readonly total: number;
  private readonly firstUtcHour: number;
  private readonly hourPrefix: string[];

  constructor(
    readonly month: string,
    readonly timeZone: string,
    noise: Rng,
  ) {
    const { start, end } = monthBounds(month, timeZone);
    const { year, month: m } = parseMonth(month);
    this.start = start;
    this.end = end;
    this.days = new Date(Date.UTC(year, m, 0)).getUTCDate();
    const dayNoise = Array.from({ length: 32 }, () => Math.min(1.2, Math.max(0.82, 1 + 0.06 * noise.normal())));
    const peaks = shoppingPeaks(year, m);

    const n = Math.ceil((end - start) / HOUR);
    this.slotStart = new Float64Array(n);
    this.slotLen = new Float64Array(n);
    this.slotOffset = new Float64Array(n);
    this.slotStable = new Uint8Array(n);
    this.cumulative = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const s = start + i * HOUR;
      const len = Math.min(HOUR, end - s);
      const local = zonedParts(s + Math.floor(len / 2), timeZone);
      this.slotStart[i] = s;
      this.slotLen[i] = len;
      this.slotOffset[i] = offsetSeconds(s + Math.floor(len / 2), timeZone);
      const w =
        (HOUR_WEIGHTS[local.hour] ?? 1) *
        (WEEKDAY_WEIGHTS[local.weekday] ?? 1) *
        (dayNoise[local.day] ?? 1) *
        (peaks.get(local.day) ?? 1) *
        // a gentle upward drift inside the month
        (1 + 0.05 * (i / n)) *
        (len / HOUR);
      sum += w;
      this.cumulative[i] = sum;
    }
    this.total = sum;
    for (let i = 0; i < n; i++) {
      const o = this.slotOffset[i];
      this.slotStable[i] = Number(o === this.slotOffset[Math.max(0, i - 1)] && o === this.slotOffset[Math.min(n - 1, i + 1)]);
    }

    // "YYYY-MM-DDTHH:" per UTC hour touching the month, for the fast `…Z` spelling.
    this.firstUtcHour = Math.floor(start / HOUR);
    const lastUtcHour = Math.floor((end - 1) / HOUR);
    this.hourPrefix = [];
    for (let h = this.firstUtcHour; h <= lastUtcHour; h++) this.hourPrefix.push(isoWall(h * HOUR).slice(0, 14));
  }

  /** A second in [start, end) following the month's seasonality. */
  sample(rng: Rng): number {
    const i = lowerBound(this.cumulative, rng.next() * this.total);
    return (this.slotStart[i] as number) + Math.floor(rng.next() * (this.slotLen[i] as number));
  }

  /** Clamps into the month (last second included). */
  clamp(t: number): number {
    return Math.min(this.end - 1, Math.max(this.start, t));
  }

  /** `2025-11-03T14:05:00Z`. */
  formatZ(t: number): string {
    const prefix = this.hourPrefix[Math.floor(t / HOUR) - this.firstUtcHour];
    if (prefix === undefined) return `${isoWall(t)}Z`;
    return prefix + (MMSS[t % HOUR] as string) + "Z";
  }

  /** Any accepted spelling of the same instant; `local` (no offset) only where the zone's offset is unambiguous. */
  format(t: number, style: TimestampStyle, millis = 0): string {
    switch (style) {
      case "z":
        return this.formatZ(t);
      case "local": {
        const i = Math.floor((t - this.start) / HOUR);
        if (!this.slotStable[i]) return this.formatZ(t);
        return isoWall(t, this.slotOffset[i] as number).replace("T", " ");
      }
      case "offset": {
        const own = this.slotOffset[Math.floor((t - this.start) / HOUR)] ?? 0;
        const off = own !== 0 ? own : (OTHER_OFFSETS[t % OTHER_OFFSETS.length] as number);
        return isoWall(t, off) + formatOffset(off);
      }
      case "fraction":
        return `${isoWall(t)}.${String(millis).padStart(3, "0")}Z`;
      case "utcSuffix":
        return `${isoWall(t).replace("T", " ")} UTC`;
    }
  }
}

/** Mostly `…Z`; a few percent of the other valid spellings so consumers must normalise. */
export function pickTimestampStyle(rng: Rng, mixed: boolean): TimestampStyle {
  if (!mixed) return "z";
  const u = rng.next();
  if (u < 0.95) return "z";
  if (u < 0.97) return "local";
  if (u < 0.985) return "offset";
  if (u < 0.995) return "fraction";
  return "utcSuffix";
}

/** Spelling of an arbitrary instant (dimension timestamps far from the month); same rules as `MonthCalendar.format`. */
export function formatInstant(t: number, style: TimestampStyle, timeZone: string): string {
  switch (style) {
    case "z":
    case "fraction":
      return style === "z" ? `${isoWall(t)}Z` : `${isoWall(t)}.000Z`;
    case "utcSuffix":
      return `${isoWall(t).replace("T", " ")} UTC`;
    case "local": {
      const o = offsetSeconds(t, timeZone);
      const stable = o === offsetSeconds(t - 3 * HOUR, timeZone) && o === offsetSeconds(t + 3 * HOUR, timeZone);
      return stable ? isoWall(t, o).replace("T", " ") : `${isoWall(t)}Z`;
    }
    case "offset": {
      const own = offsetSeconds(t, timeZone);
      const off = own !== 0 ? own : (OTHER_OFFSETS[t % OTHER_OFFSETS.length] as number);
      return isoWall(t, off) + formatOffset(off);
    }
  }
}
