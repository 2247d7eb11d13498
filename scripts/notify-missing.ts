// npm run notify:missing: one missing-month check, for setups without a running portal (cron it daily).
// The portal's local backend runs the same check every minute; on AWS a scheduled Lambda does. A month is
// reported once (the claim is shared), so running this beside the portal sends nothing twice.
// Exit 0 = checked (reported or not), 1 = the check failed.
import "./caller-env"; // first: the environment as typed, before anything reads it
import { config } from "../lib/config";
import { checkMissingMonth } from "../lib/notify/missing-month-ticker";
import { notificationsSettled } from "../lib/notify/notify";
import { runCommand } from "./run-command";

async function main(): Promise<number> {
  if (process.argv.includes("--help")) {
    console.log("usage: npm run notify:missing   (reports the previous month once when it is due and has no succeeded run)");
    return 0;
  }
  const month = await checkMissingMonth(config().BUSINESS_TIMEZONE);
  await notificationsSettled();
  console.log(month ? `${month} is missing: reported (once)` : "no month is missing, or the check is off (admin: expected day and a channel)");
  return 0;
}

runCommand(main);
