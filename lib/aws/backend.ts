import type { AppConfig } from "../config/schema";
import type { Backend } from "../backend/types";
import { notificationsSettled } from "../notify/notify";
import { AthenaAnalytics } from "./athena-analytics";
import { CloudWatchJobLogs } from "./cloudwatch-logs";
import { GlueCatalog } from "./glue-catalog";
import { recordedJobRun } from "./recorded-job-run";
import { awsRunSync } from "./run-sync";
import { S3LakeStorage } from "./s3-storage";
import { executionArnFor, SfnOrchestrator } from "./sfn-orchestrator";

export interface AwsBackendDeps {
  /**
   * The app's run id → its Step Functions execution ARN. Default: execution ARNs and names (batch-…)
   * are taken as they are, anything else is looked up in the runs table.
   */
  resolveExecution?: (runId: string) => Promise<string | null>;
}

/** PORTAL_BACKEND=aws: every interface on its AWS service. Credentials come from the SDK's default chain. */
export function createAwsBackend(cfg: AppConfig, deps: AwsBackendDeps = {}): Backend {
  const region = need(cfg.AWS_REGION, "AWS_REGION");
  const stateMachineArn = need(cfg.STATE_MACHINE_ARN, "STATE_MACHINE_ARN");
  const lake = new S3LakeStorage({
    bucket: need(cfg.LAKE_BUCKET, "LAKE_BUCKET"),
    region,
    endpoint: cfg.S3_ENDPOINT,
    forcePathStyle: cfg.S3_FORCE_PATH_STYLE ?? Boolean(cfg.S3_ENDPOINT),
    multipartThreshold: cfg.MULTIPART_THRESHOLD,
    partSize: cfg.MULTIPART_PART_SIZE,
    urlTtlSeconds: cfg.UPLOAD_URL_TTL_SECONDS,
  });
  const orchestrator = new SfnOrchestrator({ stateMachineArn, region });
  const resolveExecution =
    deps.resolveExecution ??
    (async (runId: string) => {
      if (runId.startsWith("arn:")) return runId;
      if (runId.startsWith("batch-")) return executionArnFor(stateMachineArn, runId);
      // The app's run id: its row names the execution.
      const { getRun } = await import("../db/runs");
      const run = await getRun(runId);
      return run ? (run.executionId ?? executionArnFor(stateMachineArn, run.executionName)) : null;
    });
  const logs = new CloudWatchJobLogs({
    outputGroup: cfg.GLUE_LOG_GROUP,
    errorGroup: cfg.GLUE_ERROR_LOG_GROUP,
    resolveExecution,
    orchestrator,
    recordedJobRun,
    region,
  });
  const glueDatabase = need(cfg.GLUE_DATABASE, "GLUE_DATABASE");
  const analytics = new AthenaAnalytics({
    workgroup: need(cfg.ATHENA_WORKGROUP, "ATHENA_WORKGROUP"),
    database: cfg.ATHENA_DATABASE ?? glueDatabase,
    catalog: cfg.ATHENA_CATALOG,
    outputLocation: cfg.ATHENA_OUTPUT,
    resultReuseMinutes: cfg.ATHENA_RESULT_REUSE_MINUTES,
    timeoutMs: cfg.ATHENA_QUERY_TIMEOUT_MS,
    region,
  });
  const catalog = new GlueCatalog({ database: glueDatabase, region });
  return {
    kind: "aws",
    lake,
    orchestrator,
    logs,
    analytics,
    catalog,
    // The manifest object itself is the trigger: S3 → EventBridge → start-run Lambda → StartExecution.
    onManifestWritten: async () => {},
    ...awsRunSync(orchestrator, lake),
    pollIntervalMs: 3000,
    uploadReceiver: null,
    // Runs execute in Step Functions: only a poll sees them change.
    untilRunChanges: (_runId, maxMs) => new Promise((r) => setTimeout(r, maxMs)),
    // Runs live in Step Functions; only notifications this process sent (a test delivery) can be in flight.
    close: notificationsSettled,
  };
}

function need(v: string | undefined, name: string): string {
  if (!v) throw new Error(`${name} is required when PORTAL_BACKEND=aws`);
  return v;
}
