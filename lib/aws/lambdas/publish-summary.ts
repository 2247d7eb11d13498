// PublishRunSummary / PublishFailureSummary, and the EventBridge rule on executions that end FAILED,
// TIMED_OUT or ABORTED (failures a Catch cannot see). Writes processed/_reports/<run>/summary.json next
// to the jobs' reports and answers {status, error}: "held" when the quality gate held the run (the
// state's input carries its decision; nothing was published), "partial" when some tables failed in job
// 1. Reports live under the run's name: a retry execution continues the run of an earlier one. Bundled
// into infra/lambda/publish-summary/index.mjs (scripts/build-infra-artifacts.ts).
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { reportKey } from "../run-reports";
import { withRetry } from "../retry";
import { notFound } from "./s3-read-lake";
import type { FinishedRunStatus } from "../../contracts/status";

type Json = Record<string, unknown>;

export interface Normalised {
  executionName: string | undefined;
  runName: string | undefined;
  manifestKey: string | null;
  failure: { error: string; cause: string } | null;
  /** The quality gate held the run: GateDecision skipped the publish and the crawls. */
  held: boolean;
  /** Invoked by the execution's status-change event (after the execution ended). */
  fromStatusEvent: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The three shapes this function is invoked with, reduced to one. */
export function normalise(event: Json | null | undefined): Normalised {
  if (event?.["detail-type"] === "Step Functions Execution Status Change") {
    const d = (event.detail ?? {}) as Json;
    let input: Json = {};
    try {
      input = JSON.parse(str(d.input) ?? "{}") as Json;
    } catch {
      // keep {}
    }
    const status = str(d.status) ?? "FAILED";
    return {
      executionName: str(d.name),
      runName: str((input.run as Json | undefined)?.name) ?? str(d.name),
      manifestKey: str(input.manifestKey) ?? null,
      failure: { error: str(d.error) ?? status, cause: str(d.cause) ?? `execution ${status}` },
      held: false,
      fromStatusEvent: true,
    };
  }
  const input = event?.input as Json | undefined;
  const err = input?.error as Json | undefined;
  return {
    executionName: str(event?.executionName),
    runName: str(event?.runName) ?? str(event?.executionName),
    manifestKey: str(event?.manifestKey) ?? null,
    failure: err ? { error: str(err.Error) ?? "Error", cause: str(err.Cause) ?? "" } : null,
    held: (input?.gate as Json | undefined)?.held === true,
    fromStatusEvent: false,
  };
}

export const HELD = "held by the quality gate: nothing was published";

export function makeHandler({ s3, bucket, now = () => new Date() }: { s3: S3Client; bucket: string; now?: () => Date }) {
  async function readJson(key: string): Promise<Json | null> {
    try {
      const res = await withRetry(() => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
      return JSON.parse((await res.Body?.transformToString("utf-8")) ?? "null") as Json | null;
    } catch (e) {
      if (notFound(e)) return null;
      throw e;
    }
  }

  return async function handler(event: Json): Promise<{ status: string; error: string | null }> {
    const { executionName, runName, manifestKey, failure, held, fromStatusEvent } = normalise(event);
    if (!executionName || !runName) throw new Error("no execution name in the event");
    if (fromStatusEvent) {
      // A caught failure ends in RunFailed (execution FAILED) after PublishFailureSummary wrote the
      // real cause: the status event must not overwrite it with the generic one.
      const existing = await readJson(reportKey(runName, "summary"));
      if (existing && existing.executionName === executionName && existing.status === "failed") {
        console.log(JSON.stringify({ msg: "run summary kept", executionName, runName }));
        return { status: "failed", error: str(existing.error) ?? null };
      }
    }
    const job1 = await readJson(reportKey(runName, "job1"));
    const tables = (Array.isArray(job1?.tables) ? job1.tables : []) as { table?: string; status?: string; error?: string }[];
    const failedTables = tables.filter((t) => t.status === "failed");
    let status: FinishedRunStatus;
    let error: string | null = null;
    if (failure) {
      status = "failed";
      error = failure.cause ? `${failure.error}: ${failure.cause}` : failure.error;
    } else if (held) {
      // As the local runner words it; the gate's findings are in gate.json beside this summary.
      status = "held";
      error = HELD;
    } else if (failedTables.length > 0) {
      status = "partial";
      error = failedTables.map((t) => `${t.table}: ${t.error}`).join("\n");
    } else {
      status = "succeeded";
    }
    const summary = { executionName, runName, manifestKey, status, error, tables, finishedAt: now().toISOString() };
    await withRetry(() => s3.send(new PutObjectCommand({ Bucket: bucket, Key: reportKey(runName, "summary"), Body: JSON.stringify(summary, null, 2), ContentType: "application/json" })));
    console.log(JSON.stringify({ msg: "run summary", executionName, runName, status }));
    return { status, error };
  };
}

let live: ReturnType<typeof makeHandler> | undefined;
/** The function's entry point; its settings come from the function's environment (Terraform sets them). */
export const handler: ReturnType<typeof makeHandler> = (event) => {
  live ??= makeHandler({ s3: new S3Client({}), bucket: process.env.LAKE_BUCKET ?? "" });
  return live(event);
};
