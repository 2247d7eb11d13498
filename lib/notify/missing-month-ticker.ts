import "server-only";
import { listRuns } from "../db/runs";
import { getSetting } from "../db/settings";
import { previousMonth, missingMonth } from "./missing-month";
import { sendOnce } from "./notify";

export const MISSING_MONTH_TICK_MS = 60_000;

/** One check: reports the previous month once if it is due and has no succeeded run. */
export async function checkMissingMonth(timeZone: string, now = new Date()): Promise<string | null> {
  const settings = await getSetting("notify");
  if (settings.expectedDay === null || (!settings.webhookUrl && !settings.smtp)) return null;
  const candidate = previousMonth(now, timeZone);
  const succeeded = await listRuns({ month: candidate, status: "succeeded", limit: 1 });
  const month = missingMonth(now, settings.expectedDay, timeZone, new Set(succeeded.map((r) => r.month)));
  if (month) await sendOnce(`notify:month.missing:${month}`, { kind: "month.missing", month, dueDay: settings.expectedDay });
  return month;
}

/** Started with the local backend; unref'd so it never keeps a CLI or a test process alive. */
export function startMissingMonthTicker(timeZone: string): () => void {
  let busy = false;
  const tick = async () => {
    if (busy) return; // a slow delivery (retries) must not stack checks
    busy = true;
    await checkMissingMonth(timeZone).catch((e: unknown) => console.error("[notify] missing-month check failed:", e));
    busy = false;
  };
  const timer = setInterval(() => void tick(), MISSING_MONTH_TICK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
