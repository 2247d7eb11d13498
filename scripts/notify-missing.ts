// npm run notify:missing: one missing-month check, for setups without a running portal (cron it daily).
// The portal's local backend runs the same check every minute; on AWS a scheduled Lambda does. A month is
// reported once (the claim is shared), so running this beside the portal sends nothing twice.
// Exit 0 = checked (reported or not), 1 = the check failed, 2 = bad arguments.
import "./caller-env"; // first: the environment as typed, before anything reads it
import { config } from "../lib/config";
import { checkMissingMonth } from "../lib/notify/missing-month-ticker";
import { notificationsSettled } from "../lib/notify/notify";
import { runCommand } from "./run-command";

const USAGE = "usage: npm run notify:missing   (reports the previous month once when it is due and has no succeeded run)";

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  // It takes no argument: one given (a month, say) would have been ignored while the check ran as usual.
  if (args.length > 0) {
    console.error(`unexpected argument: ${args[0]}\n${USAGE}`);
    return 2;
  }
  const month = await checkMissingMonth(config().BUSINESS_TIMEZONE);
  await notificationsSettled();
  console.log(month ? `${month} is missing: reported (once)` : "no month is missing, or the check is off (admin: expected day and a channel)");
  return 0;
}

runCommand(main);
