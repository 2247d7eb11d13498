import { CONTRACT_PARSE, monthKey, parseTimestamp, type ParseOptions, type ParsedTimestamp } from "../contracts";
import { zonedParts, zonedToEpochSeconds } from "../generator/time-zone";

/** The instant of a timestamp (epoch seconds); one without an offset is wall-clock time in `sourceTz`. */
export function instantOf(t: ParsedTimestamp, sourceTz: string): number {
  if (t.offsetMinutes === null) return zonedToEpochSeconds(t.year, t.month, t.day, t.hour, t.minute, t.second, sourceTz);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) / 1000 - t.offsetMinutes * 60;
}

/**
 * The business-time-zone month (`YYYY-MM`) of a timestamp. A timestamp without an offset is in the
 * source's zone (a profile's `timezone`), which is the business zone unless the profile says otherwise.
 */
export function monthOf(t: ParsedTimestamp, businessTz: string, sourceTz: string = businessTz): string {
  if (t.offsetMinutes === null && sourceTz === businessTz) return monthKey(t.year, t.month);
  const p = zonedParts(instantOf(t, sourceTz), businessTz);
  return monthKey(p.year, p.month);
}

/** The month of a raw timestamp as the jobs read it, or null when it is not one. */
export function monthOfTimestamp(raw: string, timeZone = "UTC", opts: ParseOptions = CONTRACT_PARSE, sourceTz: string = timeZone): string | null {
  const t = parseTimestamp(raw, opts);
  return t ? monthOf(t, timeZone, sourceTz) : null;
}
