/**
 * Retries AWS calls that failed for throttling or a transient server fault.
 * The SDK retries too, but paging loops over many calls (history, logs, results) hit account-wide
 * rate limits often enough that one more backoff layer around each page keeps a listing from failing.
 */
export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "ProvisionedThroughputExceededException",
  "SlowDown",
  "LimitExceededException",
]);

const TRANSIENT = new Set(["InternalServerException", "InternalServiceException", "InternalFailure", "ServiceUnavailable", "ServiceUnavailableException", "InternalError"]);

interface SdkErrorShape {
  name?: string;
  $retryable?: { throttling?: boolean };
  $metadata?: { httpStatusCode?: number };
}

export function isThrottling(e: unknown): boolean {
  const err = e as SdkErrorShape | null;
  if (!err || typeof err !== "object") return false;
  return THROTTLING.has(err.name ?? "") || err.$retryable?.throttling === true || err.$metadata?.httpStatusCode === 429;
}

export function isTransient(e: unknown): boolean {
  const err = e as SdkErrorShape | null;
  if (!err || typeof err !== "object") return false;
  const status = err.$metadata?.httpStatusCode ?? 0;
  return isThrottling(e) || TRANSIENT.has(err.name ?? "") || status === 500 || status === 502 || status === 503 || status === 504;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 5;
  const base = opts.baseDelayMs ?? 200;
  const max = opts.maxDelayMs ?? 5000;
  const wait = opts.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= attempts || !isTransient(e)) throw e;
      // Full jitter: spreads concurrent pollers apart.
      await wait(Math.round(Math.random() * Math.min(max, base * 2 ** (attempt - 1))));
    }
  }
}

export function errorName(e: unknown): string {
  return (e as SdkErrorShape | null)?.name ?? "";
}
