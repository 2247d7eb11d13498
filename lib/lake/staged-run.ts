import { lakeKeys } from "./keys";
import type { LakeStorage } from "./storage";

/**
 * Whether a run's staged month is still in the lake: a held run can be published only then (a later
 * run that published the month cleared it), so the page offers "Publish anyway" only then too.
 */
export async function hasStagedMonth(lake: LakeStorage, month: string, runName: string): Promise<boolean> {
  return (await lake.list(lakeKeys.stagingRun(month, runName))).length > 0;
}
