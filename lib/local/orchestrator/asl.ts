import { readFile } from "node:fs/promises";
import path from "node:path";

/** The one state machine definition, shared with Terraform (which fills the same placeholders). */
export const ASL_PATH = path.join(process.cwd(), "infra", "state-machine.asl.json");

/** Logical step of each ASL state (the crawler's start/wait/check/done/failed states are one step). */
export function stepOfState(state: string): string {
  return state.replace(/(Wait|Check|Done|Failed)$/, "");
}

export async function loadAslTemplate(): Promise<string> {
  return readFile(ASL_PATH, "utf8");
}

/** Fills `${name}` placeholders like Terraform's templatefile; every placeholder must have a value. */
export function fillAsl(template: string, values: Readonly<Record<string, string>>): Record<string, unknown> {
  const text = template.replace(/\$\{(\w+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`ASL placeholder \${${name}} has no value`);
    return v;
  });
  return JSON.parse(text) as Record<string, unknown>;
}

/** Placeholder values for the local runner: the local handlers' own names (the handlers are chosen by state name). */
export const LOCAL_ASL_VALUES: Readonly<Record<string, string>> = {
  job1_name: "local-job1-raw-to-processed",
  job2_name: "local-job2-processed-to-curated",
  job3_name: "local-job3-curated-to-database",
  processed_crawler_name: "local-crawler-processed",
  curated_crawler_name: "local-crawler-curated",
  validate_batch_function_arn: "local-validate-batch",
  publish_summary_function_arn: "local-publish-summary",
  quality_gate_function_arn: "local-quality-gate",
};
