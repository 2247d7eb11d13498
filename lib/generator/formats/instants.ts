import { parseTimestamp } from "../../contracts/values";
import type { Rng } from "../prng";
import { isoWall, offsetSeconds, zonedToEpochSeconds } from "../time-zone";

/** An instant read from a contract timestamp: whole seconds and the fraction's digits as written ("" or "123"). */
export interface Instant {
  sec: number;
  fraction: string;
}

const FRACTION = /:\d{2}\.(\d{1,9})/;

/** Any contract spelling of a timestamp as an instant; no offset = the business time zone. */
export function contractInstant(raw: string, businessTimeZone: string): Instant {
  const t = parseTimestamp(raw);
  if (!t) throw new RangeError(`not a contract timestamp: "${raw}"`);
  const sec =
    t.offsetMinutes === null
      ? zonedToEpochSeconds(t.year, t.month, t.day, t.hour, t.minute, t.second, businessTimeZone)
      : Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) / 1000 - t.offsetMinutes * 60;
  const f = FRACTION.exec(raw)?.[1] ?? "";
  return { sec, fraction: /^0*$/.test(f) ? "" : f };
}

const HOUR = 3600;

/** A zone's UTC offsets, looked up once per UTC hour (Intl is the slow part of formatting). */
export class ZoneClock {
  private readonly hours = new Map<number, number>();

  constructor(readonly timeZone: string) {}

  /** Seconds to add to UTC for the wall clock at t. */
  offset(t: number): number {
    if (this.timeZone === "UTC") return 0;
    const h = Math.floor(t / HOUR);
    let o = this.hours.get(h);
    if (o === undefined) {
      const start = offsetSeconds(h * HOUR, this.timeZone);
      // An hour with a change inside (rare: half-hour zones' transitions) is never cached.
      o = start === offsetSeconds(h * HOUR + HOUR - 1, this.timeZone) ? start : NaN;
      this.hours.set(h, o);
    }
    return Number.isNaN(o) ? offsetSeconds(t, this.timeZone) : o;
  }

  /** True when a wall time near t names one instant only (no offset change within three hours). */
  unambiguous(t: number): boolean {
    const o = this.offset(t);
    return o === this.offset(t - 3 * HOUR) && o === this.offset(t + 3 * HOUR);
  }
}

/** `-0300`, as shop exports write an offset after a space. */
export function compactOffset(offset: number): string {
  const abs = Math.abs(Math.round(offset / 60));
  return `${offset < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}`;
}

export type DateOrder = "YMD" | "DMY" | "MDY";

/**
 * Writes instants the way a source does: wall time in the source's zone, in its date order
 * (`25/11/2025 14:10:20`, `25/11/2025 14:10` when the seconds are 0). Where the wall time alone would
 * be wrong or ambiguous (a fraction of a second, an hour around an offset change) and for a share of
 * rows chosen at random, the ISO form with a space offset: `2025-11-25 14:10:20 -0300`.
 */
export class TimestampWriter {
  private readonly clock: ZoneClock;

  constructor(
    timeZone: string,
    private readonly order: DateOrder,
    private readonly offsetShare: number,
    private readonly rng: Rng,
  ) {
    this.clock = new ZoneClock(timeZone);
  }

  format(i: Instant): string {
    const off = this.clock.offset(i.sec);
    const wall = isoWall(i.sec, off);
    const ymd = `${wall.slice(0, 10)} ${wall.slice(11)}`;
    if (i.fraction !== "") return `${ymd}.${i.fraction} ${compactOffset(off)}`;
    if (!this.clock.unambiguous(i.sec) || (this.offsetShare > 0 && this.rng.chance(this.offsetShare))) return `${ymd} ${compactOffset(off)}`;
    if (this.order === "YMD") return ymd;
    const [y, m, d] = [wall.slice(0, 4), wall.slice(5, 7), wall.slice(8, 10)];
    const time = wall.endsWith(":00") ? wall.slice(11, 16) : wall.slice(11);
    return `${this.order === "DMY" ? `${d}/${m}` : `${m}/${d}`}/${y} ${time}`;
  }
}
