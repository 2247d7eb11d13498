import { z } from "zod";
import { STEP_NAMES, type ExecutionStep, type RunStatus, type StepName } from "./types";

/**
 * Retrying a run from its failed step, the same way on both backends: a new execution of the state
 * machine whose input names the step to resume at (the ASL's IsResume/ResumeAt choices jump there after
 * ValidateBatch) and the run it continues (its reports and attempt counts).
 */

/** A first execution's input is {manifestKey}; a retry's adds where to resume and which run it continues. */
export interface ExecutionInput {
  manifestKey: string;
  resumeFrom?: StepName;
  run?: RunRef;
}

export interface RunRef {
  /** The run's first execution name: the jobs' reports live under it. */
  name: string;
  /** Attempts each step has had in the run's earlier executions (steps that never ran are absent). */
  attempts: Partial<Record<StepName, number>>;
}

const stepName = z.enum(STEP_NAMES);
const inputSchema = z.object({
  manifestKey: z.string(),
  resumeFrom: stepName.optional(),
  run: z.object({ name: z.string(), attempts: z.partialRecord(stepName, z.number().int().nonnegative()).default({}) }).optional(),
});

/** An execution's input as Step Functions returns it (JSON text); null when it is not ours. */
export function parseExecutionInput(json: string | null | undefined): ExecutionInput | null {
  if (!json) return null;
  try {
    const parsed = inputSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Where a retry of a run in this state resumes, or null when there is nothing to retry. A failed run
 * resumes at its first step (after ValidateBatch, which every execution runs) that did not succeed; a
 * partial run re-runs job 1 onwards (its failed tables may have been re-uploaded); a held run is
 * published from job 3 (only through "Publish anyway", which ops and admins are allowed).
 */
export function resumePoint(status: RunStatus, steps: readonly Pick<ExecutionStep, "name" | "status">[]): StepName | null {
  if (status === "partial") return "Job1RawToProcessed";
  // Publishing a held run anyway: the staged month is published as it is, past the gate.
  if (status === "held") return "Job3CuratedToDatabase";
  if (status !== "failed") return null;
  const by = new Map(steps.map((s) => [s.name, s.status]));
  return STEP_NAMES.slice(1).find((name) => by.get(name) !== "succeeded") ?? null;
}

/** The attempts so far of the steps that ran, to carry into the retry's input. */
export function attemptsSoFar(steps: readonly Pick<ExecutionStep, "name" | "status" | "attempt">[]): RunRef["attempts"] {
  const out: RunRef["attempts"] = {};
  for (const s of steps) {
    if ((STEP_NAMES as readonly string[]).includes(s.name) && s.status !== "pending" && s.status !== "skipped") out[s.name as StepName] = s.attempt;
  }
  return out;
}

/** Execution names: 1–80 of [A-Za-z0-9_-] (Step Functions). */
const MAX_NAME = 80;

/**
 * The name of a run's n-th execution (n ≥ 2): `<run name>-r<n>`. Deterministic, so a repeated retry of
 * the same failure finds the execution the first one started. A run name too long for the suffix is cut
 * and keeps a hash of the whole, so two long names cannot collide.
 */
export function retryExecutionName(runName: string, n: number): string {
  const suffix = `-r${n}`;
  if (runName.length + suffix.length <= MAX_NAME) return `${runName}${suffix}`;
  const hash = fnv1a(runName);
  return `${runName.slice(0, MAX_NAME - suffix.length - hash.length - 1)}-${hash}${suffix}`;
}

/** Which execution of its run this is: 1 for the run's own name, n for `…-r<n>`. */
export function executionNumber(runName: string, executionName: string): number {
  if (executionName === runName) return 1;
  const m = /-r(\d+)$/.exec(executionName);
  return m ? Number(m[1]) : 1;
}

/** 32-bit FNV-1a as 8 hex digits: short and stable, not a security hash. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/**
 * A retry execution's steps as the run sees them: the steps it skipped (between ValidateBatch and
 * `from`) succeeded in an earlier execution; every step counts the attempts it had there too.
 */
export function stepsOfRetry(steps: readonly ExecutionStep[], from: StepName, attempts: RunRef["attempts"]): ExecutionStep[] {
  const start = STEP_NAMES.indexOf(from);
  return steps.map((s) => {
    const i = STEP_NAMES.indexOf(s.name as StepName);
    const before = attempts[s.name as StepName] ?? 0;
    const ran = s.startedAt !== null;
    if (!ran && i > 0 && i < start) return { ...s, status: "succeeded", error: null, attempt: Math.max(1, before) };
    return { ...s, attempt: ran ? before + s.attempt : Math.max(1, before) };
  });
}
