import "server-only";
import { claimSettingKey } from "../db/settings";

/**
 * Claims a notification so it is sent once, even when two processes (or recovery and the runner) see
 * the same ending: the Setting row's primary key is the lock. Claimed before sending, so a failed
 * delivery is reported in the audit log rather than sent again later.
 */
export const claimOnce = (key: string): Promise<boolean> => claimSettingKey(key);
