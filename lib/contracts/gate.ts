/** Thresholds (admin settings; the batch manifest carries those in force when it was sent). */
export interface GateSettings {
  /** A table of the batch may reject at most this share of its rows as bad (duplicates not counted). */
  maxRejectShare: number;
  /** Recognised orders and sessions must reach this share of the previous loaded month's. */
  minVolumeShare: number;
}
export const DEFAULT_GATE: GateSettings = { maxRejectShare: 0.05, minVolumeShare: 0.5 };

/** What the gate reads of job 1's report per table. */
export interface GateTable {
  table: string;
  status: string;
  rowsIn: number;
  rowsOut: number;
  rejected: number;
  duplicates: number;
  error: string | null;
}

/** What the gate compares: the month as this run would publish it, and the previous loaded month. */
export interface GateFigures {
  month: string;
  /** Recognised orders and sessions of the month. */
  orders: number;
  sessions: number;
  /** The month has a sessions table (staged or published). */
  hasSessions: boolean;
  previous: { month: string; orders: number; sessions: number } | null;
}

/**
 * The quality gate (DATA_CONTRACT.md "Publishing a month"): a run publishes its month only when no
 * rule fails; otherwise it ends held and nothing published changes. Pure: both backends call it with
 * the run's job reports.
 */
export type GateRule = "rejects" | "no_rows" | "volume";

export interface GateFinding {
  /** The table the rule is about (`orders` / `sessions` for the volume rule). */
  table: string;
  rule: GateRule;
  /** The measured figure: a share for `rejects`, a count otherwise. */
  value: number;
  /** The threshold it broke. */
  limit: number;
  message: string;
}

export interface GateDecision {
  held: boolean;
  /** Every rule that failed, in table order. */
  failed: GateFinding[];
  /** Rules checked (for the run page: what passed too). */
  checked: number;
}

const pct = (v: number) => `${(v * 100).toFixed(v < 0.1 ? 2 : 1)} %`;

export function evaluateGate(settings: GateSettings, tables: readonly GateTable[], figures: GateFigures | null): GateDecision {
  const failed: GateFinding[] = [];
  let checked = 0;
  for (const t of tables) {
    checked += 2;
    if (t.rowsOut === 0) {
      const why = t.status === "failed" ? `could not be read: ${t.error ?? "unknown error"}` : `loaded no row (${t.rowsIn} read, all rejected)`;
      failed.push({ table: t.table, rule: "no_rows", value: 0, limit: 1, message: `${t.table} ${why}` });
      continue;
    }
    const bad = Math.max(0, t.rejected - t.duplicates);
    const share = t.rowsIn > 0 ? bad / t.rowsIn : 0;
    if (share > settings.maxRejectShare) {
      failed.push({
        table: t.table, rule: "rejects", value: share, limit: settings.maxRejectShare,
        message: `${t.table} rejected ${bad} of ${t.rowsIn} rows as bad (${pct(share)}; at most ${pct(settings.maxRejectShare)})`,
      });
    }
  }
  const prev = figures?.previous;
  const inBatch = new Set(tables.map((t) => t.table));
  const volume = (table: "orders" | "sessions", now: number, before: number, what: string) => {
    checked++;
    const limit = Math.ceil(before * settings.minVolumeShare);
    if (now < limit) {
      failed.push({
        table, rule: "volume", value: now, limit,
        message: `${figures!.month} has ${now} ${what}, below ${pct(settings.minVolumeShare)} of ${prev!.month}'s ${before} (at least ${limit})`,
      });
    }
  };
  if (figures && prev) {
    if (inBatch.has("orders") && prev.orders > 0) volume("orders", figures.orders, prev.orders, "recognised orders");
    if (inBatch.has("sessions") && figures.hasSessions && prev.sessions > 0) volume("sessions", figures.sessions, prev.sessions, "sessions");
  }
  return { held: failed.length > 0, failed, checked };
}
