import "server-only";
import { countUsers } from "../db/users";

/** First run: no account exists yet, so `/setup` creates the first admin and the other pages send people there. */
export const needsSetup = async (): Promise<boolean> => (await countUsers()) === 0;
