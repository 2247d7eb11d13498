/**
 * Business-time-zone arithmetic with Intl only (no tz database dependency).
 * Times are whole seconds since the Unix epoch (UTC instants).
 */

import { nextMonth, parseMonth } from "../contracts/months";

export interface ZonedParts {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Monday … 6 = Sunday (ISO order, as the heatmap uses). */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Readonly<Record<string, number>> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Wall-clock fields of an instant in a zone. */
export function zonedParts(epochSeconds: number, timeZone: string): ZonedParts {
  if (timeZone === "UTC") {
    const d = new Date(epochSeconds * 1000);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      weekday: (d.getUTCDay() + 6) % 7,
    };
  }
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(epochSeconds * 1000))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? ""] ?? 0,
  };
}

/** Seconds to add to UTC to get the zone's wall clock at that instant (e.g. -10800 for -03:00). */
export function offsetSeconds(epochSeconds: number, timeZone: string): number {
  if (timeZone === "UTC") return 0;
  const p = zonedParts(epochSeconds, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) / 1000 - epochSeconds;
}

/** The instant whose wall clock in the zone reads the given fields (two passes settle DST edges). */
export function zonedToEpochSeconds(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  timeZone: string,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second) / 1000;
  let t = wall - offsetSeconds(wall, timeZone);
  t = wall - offsetSeconds(t, timeZone);
  return t;
}

/** [start, end) of a `YYYY-MM` month in the zone, as epoch seconds. */
export function monthBounds(month: string, timeZone: string): { start: number; end: number } {
  const { year, month: m } = parseMonth(month);
  const next = parseMonth(nextMonth(month));
  return {
    start: zonedToEpochSeconds(year, m, 1, 0, 0, 0, timeZone),
    end: zonedToEpochSeconds(next.year, next.month, 1, 0, 0, 0, timeZone),
  };
}

/** `+HH:MM` / `-HH:MM` for an offset in seconds (minutes precision). */
export function formatOffset(offset: number): string {
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(Math.round(offset / 60));
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** `YYYY-MM-DDTHH:MM:SS` of an instant shifted by `offset` seconds (wall clock, no suffix). */
export function isoWall(epochSeconds: number, offset = 0): string {
  return new Date((epochSeconds + offset) * 1000).toISOString().slice(0, 19);
}
