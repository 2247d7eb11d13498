/**
 * How the portal and the CLI write numbers, durations, dates and months for people: one place, en-US.
 * Dates are in a fixed zone (UTC) so server and browser render the same text. No server imports.
 * (The dashboard's money and percentage formats are in components/charts/format.ts.)
 */

const int = new Intl.NumberFormat("en-US");
const dateTime = new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", hourCycle: "h23", timeZone: "UTC" });
const dayTime = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
const time = new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone: "UTC" });

/** 1,234,567 */
export const formatInt = (n: number) => int.format(n);

/** 512 B · 1.5 KB · 12.3 MB · 256 MB · 5.0 GB (powers of 1024). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/** 850 ms · 12.3 s · 4 min 05 s · 1 h 02 min */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.floor(s % 60)).padStart(2, "0")} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

/** "+35% vs median" / "−10% vs median" / "at median". */
export function vsMedian(ms: number | null, medianMs: number | null): { text: string; tone: "slower" | "faster" | "same" } | null {
  if (ms === null || medianMs === null || medianMs <= 0) return null;
  const pct = Math.round(((ms - medianMs) / medianMs) * 100);
  if (Math.abs(pct) < 5) return { text: "at median", tone: "same" };
  return pct > 0 ? { text: `+${pct}% vs median`, tone: "slower" } : { text: `−${Math.abs(pct)}% vs median`, tone: "faster" };
}

/** Dec 6, 2026, 14:05 UTC */
export const formatDateTime = (iso: string | null) => (iso ? `${dateTime.format(new Date(iso))} UTC` : "—");
/** Dec 6, 14:05 UTC */
export const formatDayTime = (iso: string | null) => (iso ? `${dayTime.format(new Date(iso))} UTC` : "—");
/** 14:05:09 */
export const formatTime = (iso: string | null) => (iso ? time.format(new Date(iso)) : "—");

/** `2025-11` → "November 2025" ("Nov 2025" short); anything else as it is. */
export function monthLabel(month: string, style: "long" | "short" = "long"): string {
  const [y, m] = month.split("-").map(Number);
  if (!y || !m) return month;
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString("en-US", { month: style, year: "numeric", timeZone: "UTC" });
}

export const shortId = (id: string) => id.slice(0, 8);
