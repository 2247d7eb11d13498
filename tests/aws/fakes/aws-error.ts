/** An error shaped like the SDK's service exceptions (name, $fault, $metadata). */
export function awsError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status, requestId: "req-test", attempts: 1, totalRetryDelay: 0 },
  });
}

export const throttling = () => awsError("ThrottlingException", "Rate exceeded");

/** Instant sleeps for retry/poll loops in tests. */
export const noSleep = async () => {};

/** Retry options with no waiting, for implementations under test. */
export const fastRetry = { attempts: 4, baseDelayMs: 0, maxDelayMs: 0, sleep: noSleep };
