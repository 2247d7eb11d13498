import type { NotifyMessage } from "./events";

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Only a status line is wanted from the receiver; a huge or endless body must not tie us up. */
const BODY_CAP = 2_048;

/**
 * POSTs the message as JSON. Redirects are not followed (a receiver that moved is a configuration
 * error, and following could send the payload somewhere unexpected); a non-2xx answer throws.
 */
export async function postWebhook(url: string, message: NotifyMessage, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": "shoplake-notify" },
    body: JSON.stringify(message),
    redirect: "manual",
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = await readCapped(res);
  if (res.status < 200 || res.status >= 300) {
    throw new Error(`webhook answered ${res.status}${body ? `: ${body.slice(0, 200)}` : ""}`);
  }
}

async function readCapped(res: Response): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < BODY_CAP) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, BODY_CAP).toString("utf8").trim();
}
