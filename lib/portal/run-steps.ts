import { STEP_NAMES, type StepName } from "../backend/types";

/**
 * A run as the product names it (shared/DESIGN.md): seven steps, and between job 2 and job 3 the
 * quality gate, which decides rather than works and so has no number. The state machine has eight
 * states; every label and count the pages show comes from here, so "Step 4 of 7" and the list beside
 * it agree. No server imports: the upload page's run panel reads it in the browser.
 */
export interface RunStepInfo {
  name: StepName;
  label: string;
  /** 1 to 7; null for the quality gate. */
  number: number | null;
}

export const GATE_STEP: StepName = "QualityGate";

const LABELS: Record<StepName, string> = {
  ValidateBatch: "Validate batch",
  Job1RawToProcessed: "Job 1 · raw → processed",
  Job2ProcessedToCurated: "Job 2 · processed → curated",
  QualityGate: "Quality gate",
  Job3CuratedToDatabase: "Job 3 · publish (database, lake)",
  CrawlProcessed: "Crawl processed",
  CrawlCurated: "Crawl curated",
  PublishRunSummary: "Publish run summary",
};

export const RUN_STEPS: readonly RunStepInfo[] = (() => {
  let n = 0;
  return STEP_NAMES.map((name) => ({ name, label: LABELS[name], number: name === GATE_STEP ? null : ++n }));
})();

/** How many numbered steps a run has (seven). */
export const STEP_COUNT = RUN_STEPS.filter((s) => s.number !== null).length;

export const STEP_LABELS: Readonly<Record<string, string>> = LABELS;

export const stepLabel = (name: string): string => (LABELS as Record<string, string>)[name] ?? name;

/** A step's number, 1 to 7; null for the quality gate and for a name the definition does not have. */
export const stepNumber = (name: string): number | null => RUN_STEPS.find((s) => s.name === name)?.number ?? null;

/** One step as a list item reads it: "Step 4 of 7 · Job 3 · publish (database, lake)" or "Quality gate". */
export function stepTitle(name: string): string {
  const n = stepNumber(name);
  return n ? `Step ${n} of ${STEP_COUNT} · ${stepLabel(name)}` : stepLabel(name);
}

const isDone = (status: string | undefined) => status === "succeeded" || status === "skipped";

/**
 * Where a running run is, in the words of the step list: the first step not done yet, e.g.
 * "Step 3 of 7 · Job 2 · processed → curated", or "Quality gate · after step 3 of 7" at the gate.
 */
export function runProgress(steps: readonly { name: string; status: string }[]): string {
  const status = new Map(steps.map((s) => [s.name, s.status]));
  const at = RUN_STEPS.findIndex((s) => !isDone(status.get(s.name)));
  const current = RUN_STEPS[at === -1 ? RUN_STEPS.length - 1 : at]!;
  if (current.number !== null) return `Step ${current.number} of ${STEP_COUNT} · ${current.label}`;
  const before = RUN_STEPS.slice(0, at).reduce((n, s) => s.number ?? n, 0);
  return `${current.label} · after step ${before} of ${STEP_COUNT}`;
}
