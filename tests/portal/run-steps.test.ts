import { describe, expect, it } from "vitest";
import { STEP_NAMES } from "@/lib/backend/types";
import { RUN_STEPS, runProgress, STEP_COUNT, stepNumber, stepTitle } from "@/lib/portal/run-steps";

const at = (done: number, running = true) =>
  STEP_NAMES.map((name, i) => ({ name, status: i < done ? "succeeded" : i === done && running ? "running" : "pending" }));

describe("a run's steps as the product counts them", () => {
  it("seven numbered steps and the quality gate between job 2 and job 3", () => {
    expect(STEP_COUNT).toBe(7);
    expect(RUN_STEPS.map((s) => s.number)).toEqual([1, 2, 3, null, 4, 5, 6, 7]);
    expect(RUN_STEPS.find((s) => s.number === null)?.label).toBe("Quality gate");
  });

  it("counts out of seven, never out of the state machine's eight states", () => {
    expect(runProgress([])).toBe("Step 1 of 7 · Validate batch");
    expect(runProgress(at(0))).toBe("Step 1 of 7 · Validate batch");
    expect(runProgress(at(2))).toBe("Step 3 of 7 · Job 2 · processed → curated");
    expect(runProgress(at(3))).toBe("Quality gate · after step 3 of 7");
    expect(runProgress(at(4))).toBe("Step 4 of 7 · Job 3 · publish (database, lake)");
    expect(runProgress(at(7))).toBe("Step 7 of 7 · Publish run summary");
    expect(runProgress(at(8, false))).toBe("Step 7 of 7 · Publish run summary");
    for (let i = 0; i < 8; i++) expect(runProgress(at(i))).not.toMatch(/of 8/);
  });

  it("a skipped step counts as passed, and each list item names its number", () => {
    const steps = at(5).map((s) => (s.name === "Job3CuratedToDatabase" ? { ...s, status: "skipped" } : s));
    expect(runProgress(steps)).toBe("Step 5 of 7 · Crawl processed");
    expect(stepTitle("CrawlCurated")).toBe("Step 6 of 7 · Crawl curated");
    expect(stepTitle("QualityGate")).toBe("Quality gate");
    expect(STEP_NAMES.map(stepNumber)).toEqual([1, 2, 3, null, 4, 5, 6, 7]);
    expect(stepNumber("SomeOldStep")).toBeNull();
  });
});
