/** Waits between tries: 5 tries in all, about a minute end to end (a receiver restarting, a brief outage). */
export const DEFAULT_DELAYS_MS: readonly number[] = [2_000, 5_000, 12_000, 30_000];

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface RetryOutcome {
  ok: boolean;
  attempts: number;
  error: string | null;
}

/** Runs `fn` until it resolves, waiting delays[i] after the i-th failure; never throws. */
export async function withBackoff(fn: () => Promise<void>, delays: readonly number[], wait: (ms: number) => Promise<void> = sleep): Promise<RetryOutcome> {
  let last = "";
  for (let attempt = 1; ; attempt++) {
    try {
      await fn();
      return { ok: true, attempts: attempt, error: null };
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
      const delay = delays[attempt - 1];
      if (delay === undefined) return { ok: false, attempts: attempt, error: last };
      await wait(delay);
    }
  }
}
