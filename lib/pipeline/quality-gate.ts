import { evaluateGate, type GateDecision } from "../contracts/gate";
import type { BatchManifest } from "../lake/manifest";
import type { LakeStorage } from "../lake/storage";
import { readReport, writeReport } from "./reports";

/**
 * The QualityGate step, the same on both backends (locally a task handler, on AWS a Lambda): reads
 * the run's job 1 and job 2 reports, applies the thresholds the batch carries and writes the decision
 * beside them.
 */
export async function runQualityGate(lake: LakeStorage, manifest: BatchManifest, runName: string): Promise<GateDecision> {
  const job1 = await readReport(lake, runName, "job1");
  if (!job1) throw new Error(`run ${runName} has no job 1 report: job 1 must run before the gate`);
  const job2 = await readReport(lake, runName, "job2");
  if (!job2) throw new Error(`run ${runName} has no job 2 report: job 2 must run before the gate`);
  const decision = evaluateGate(manifest.gate, job1.tables, job2.figures);
  await writeReport(lake, runName, "gate", decision);
  return decision;
}
