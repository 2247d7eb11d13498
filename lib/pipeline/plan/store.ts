import { lakeKeys } from "../../lake/keys";
import type { LakeStorage } from "../../lake/storage";
import { PLAN_VERSION, type BatchPlan } from "./batch-plan";

/** The plan lives beside the run's job reports: ValidateBatch writes it, job 1 reads it (both backends). */
export async function writePlan(lake: LakeStorage, runName: string, plan: BatchPlan): Promise<void> {
  await lake.put(lakeKeys.report(runName, "plan"), JSON.stringify(plan), "application/json");
}

export async function readPlan(lake: LakeStorage, runName: string): Promise<BatchPlan> {
  const key = lakeKeys.report(runName, "plan");
  const plan = JSON.parse(Buffer.from(await lake.get(key)).toString("utf8")) as BatchPlan;
  if (plan.version !== PLAN_VERSION) throw new Error(`${key}: plan version ${String(plan.version)}, expected ${PLAN_VERSION}`);
  return plan;
}
