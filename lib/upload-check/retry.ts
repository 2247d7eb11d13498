/** Upload retries: which failures are worth another try, and how long to wait before it. */

/**
 * Network errors (status 0), timeouts, throttling and server errors are transient; other 4xx are not,
 * and neither is a full disk (507): it waits for an administrator, not for seconds.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 0 || status === 408 || status === 425 || status === 429 || (status >= 500 && status !== 507);
}

/** Exponential backoff with full jitter: attempt 1 waits up to base, then 2×, 4× … capped at max. */
export function backoffDelay(attempt: number, opts: { baseMs?: number; maxMs?: number; random?: () => number } = {}): number {
  const base = opts.baseMs ?? 500;
  const max = opts.maxMs ?? 8000;
  const random = opts.random ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export class TransferError extends Error {
  override name = "TransferError";
  constructor(
    message: string,
    readonly status: number,
    readonly retryable = isRetryableStatus(status),
  ) {
    super(message);
  }
}

export class AbortedError extends Error {
  override name = "AbortedError";
  constructor() {
    super("Cancelled");
  }
}

/**
 * Calls `fn` until it succeeds, a non-retryable error occurs, the signal aborts or `retries` extra
 * attempts are used up. `onRetry` lets the UI say "retrying (2/4)…".
 */
export async function withRetries<T>(
  fn: (attempt: number) => Promise<T>,
  opts: {
    retries?: number;
    signal?: AbortSignal;
    onRetry?: (attempt: number, error: unknown, delayMs: number) => void;
    sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
    baseMs?: number;
    maxMs?: number;
  } = {},
): Promise<T> {
  const retries = opts.retries ?? 4;
  const sleep = opts.sleep ?? abortableSleep;
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) throw new AbortedError();
    try {
      return await fn(attempt);
    } catch (e) {
      if (e instanceof AbortedError || opts.signal?.aborted) throw new AbortedError();
      const retryable = e instanceof TransferError ? e.retryable : false;
      if (!retryable || attempt > retries) throw e;
      const delay = backoffDelay(attempt, { baseMs: opts.baseMs, maxMs: opts.maxMs });
      opts.onRetry?.(attempt, e, delay);
      await sleep(delay, opts.signal);
    }
  }
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new AbortedError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
