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

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const time = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "UTC" });

/** Fixed zone (UTC) so server and browser render the same text. */
export const formatDateTime = (iso: string | null) => (iso ? `${dateTime.format(new Date(iso))} UTC` : "—");
export const formatTime = (iso: string | null) => (iso ? time.format(new Date(iso)) : "—");

export const formatInt = (n: number) => n.toLocaleString("en-US");

export const shortId = (id: string) => id.slice(0, 8);
