import "server-only";
import { config } from "../config";
import { getSetting } from "../db/settings";
import { deliver, type DeliverOptions } from "./deliver";
import type { NotifyEvent } from "./events";
import { claimOnce } from "./once";

const g = globalThis as unknown as { __shoplakeNotify?: { pending: Set<Promise<void>>; options: DeliverOptions } };
const state = (g.__shoplakeNotify ??= { pending: new Set(), options: {} });

/**
 * Fire and forget: a run's ending never waits for, or fails because of, its notification. Sent once per
 * `key` (notify:<event>:<execution or month>); nothing is claimed when no channel is configured.
 */
export function notifyOnce(key: string, event: NotifyEvent): void {
  inBackground(key, () => sendOnce(key, event));
}

/** Runs `work` detached, errors logged; tracked so tests can wait for it. */
export function inBackground(label: string, work: () => Promise<void>): void {
  const p: Promise<void> = Promise.resolve()
    .then(work)
    .catch((e: unknown) => console.error(`[notify] ${label} could not be sent:`, e))
    .finally(() => state.pending.delete(p));
  state.pending.add(p);
}

export async function sendOnce(key: string, event: NotifyEvent): Promise<void> {
  const settings = await getSetting("notify");
  if (!settings.webhookUrl && !settings.smtp) return;
  if (!(await claimOnce(key))) return;
  await deliver(event, settings, { appUrl: config().APP_URL ?? null, ...state.options });
}

/** Resolves when every notification started so far has been delivered or given up (tests, shutdown). */
export async function notificationsSettled(): Promise<void> {
  while (state.pending.size) await Promise.all([...state.pending]);
}

/** Tests shorten the backoff. */
export function setNotifyOptionsForTests(options: DeliverOptions): void {
  state.options = options;
}
