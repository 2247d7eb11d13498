import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import type { NotifyMessage } from "./events";

export const WEBHOOK_TIMEOUT_MS = 10_000;
/** Only a status line is wanted from the receiver; a huge or endless body must not tie us up. */
const BODY_CAP = 2_048;

/**
 * POSTs the message as JSON. Redirects are not followed (a receiver that moved is a configuration
 * error, and following could send the payload somewhere unexpected); a non-2xx answer throws.
 */
export async function postWebhook(url: string, message: NotifyMessage, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<void> {
  await refuseLinkLocal(url);
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

/**
 * Link-local and "this network" addresses are where cloud metadata and credential services answer
 * (169.254.169.254, ECS's 169.254.170.2, fd00:ec2::254): the portal never posts there, whatever an
 * admin typed or a name resolves to. Other private addresses stay allowed (an internal relay).
 */
const FORBIDDEN = new BlockList();
FORBIDDEN.addSubnet("169.254.0.0", 16, "ipv4");
FORBIDDEN.addSubnet("0.0.0.0", 8, "ipv4");
FORBIDDEN.addSubnet("fe80::", 10, "ipv6");
FORBIDDEN.addSubnet("fd00:ec2::", 32, "ipv6");
FORBIDDEN.addAddress("::", "ipv6");

export async function refuseLinkLocal(url: string): Promise<void> {
  const host = hostOf(url);
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true });
  for (const { address, family } of addresses) {
    const problem = forbiddenAddress(host, address, family);
    if (problem) throw new Error(problem);
  }
}

/**
 * Why a URL whose host is a forbidden address literal cannot be a webhook, checked when it is saved (a
 * name is resolved only when sending: it may not resolve where the portal is configured); null otherwise.
 */
export function forbiddenLiteralHost(url: string): string | null {
  const host = hostOf(url);
  return isIP(host) ? forbiddenAddress(host, host, isIP(host)) : null;
}

const hostOf = (url: string) => new URL(url).hostname.replace(/^\[|\]$/g, "");

function forbiddenAddress(host: string, address: string, family: number): string | null {
  const mapped = family === 6 && /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (!(mapped ? FORBIDDEN.check(mapped, "ipv4") : FORBIDDEN.check(address, family === 6 ? "ipv6" : "ipv4"))) return null;
  const what = /^(0\.|::$)/.test(mapped || address) ? `an unspecified ("this network") address, which reaches this machine` : "a link-local address where cloud metadata services answer";
  return `the webhook URL's host ${host} is ${address}, ${what}: use the receiver's routable address`;
}
