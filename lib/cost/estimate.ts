import { formatBytes } from "../format";
import { AWS_PRICES, type AwsPrices } from "./aws-prices";

/** What a state-machine step would be on AWS (infra/state-machine.asl.json). */
export type StepKind = "glue_job" | "crawler" | "lambda";

export const STEP_KINDS: Record<string, StepKind> = {
  ValidateBatch: "lambda",
  Job1RawToProcessed: "glue_job",
  CrawlProcessed: "crawler",
  Job2ProcessedToCurated: "glue_job",
  CrawlCurated: "crawler",
  Job3CuratedToDatabase: "glue_job",
  PublishRunSummary: "lambda",
};

/** Execution class of each Glue job in infra/locals.tf: Flex for the lake jobs, standard for job 3. */
export const FLEX_JOBS: ReadonlySet<string> = new Set(["Job1RawToProcessed", "Job2ProcessedToCurated"]);

/** The crawl loop polls every 15 s (Wait → Check → Choice): three transitions per poll. */
export const CRAWLER_POLL_SECONDS = 15;

export interface CostInput {
  steps: { name: string; durationMs: number | null; attempts?: number }[];
  /** Bytes the post-run queries scan (the month's curated data) and how many queries. */
  athena?: { queries: number; bytesScanned: number };
  s3?: { putRequests: number; getRequests: number; storedBytes: number };
}

export interface CostLine {
  service: "Glue" | "Glue crawlers" | "Step Functions" | "Athena" | "S3" | "Lambda";
  usd: number;
  detail: string;
}

export interface CostEstimate {
  totalUsd: number;
  lines: CostLine[];
}

const GB = 1024 ** 3;
const TB = 1e12;

/**
 * Estimated AWS cost of one run: Glue DPU-seconds per job (with the per-run minimums), crawler
 * DPU-seconds, Step Functions state transitions, Athena bytes scanned, S3 requests and one month of
 * storage of what the run wrote. Pure, so it is unit-tested against hand-computed figures.
 */
export function estimateRunCost(input: CostInput, prices: AwsPrices = AWS_PRICES): CostEstimate {
  const lines: CostLine[] = [];
  let jobSeconds = 0;
  let jobUsd = 0;
  let crawlerSeconds = 0;
  let lambdaSeconds = 0;
  let lambdaCalls = 0;
  let jobRuns = 0;
  let crawlerRuns = 0;
  let transitions = 0;

  for (const step of input.steps) {
    const kind = STEP_KINDS[step.name];
    if (!kind || step.durationMs === null) continue;
    const attempts = Math.max(1, step.attempts ?? 1);
    const seconds = step.durationMs / 1000;
    transitions += attempts;
    if (kind === "glue_job") {
      // Each attempt is a separate job run with its own minimum; the time is split evenly.
      const billed = attempts * Math.max(prices.glue.jobMinBilledSeconds, seconds / attempts);
      jobSeconds += billed;
      jobUsd += (billed / 3600) * prices.glue.jobDpu * (FLEX_JOBS.has(step.name) ? prices.glue.flexDpuHourUsd : prices.glue.dpuHourUsd);
      jobRuns += attempts;
    } else if (kind === "crawler") {
      crawlerSeconds += attempts * Math.max(prices.glue.crawlerMinBilledSeconds, seconds / attempts);
      crawlerRuns += attempts;
      transitions += 3 * Math.max(1, Math.ceil(seconds / CRAWLER_POLL_SECONDS));
    } else {
      lambdaSeconds += seconds;
      lambdaCalls += attempts;
    }
  }

  if (jobRuns > 0) {
    const dpuHours = (jobSeconds / 3600) * prices.glue.jobDpu;
    lines.push({
      service: "Glue",
      usd: jobUsd,
      detail: `${jobRuns} Glue job run${jobRuns === 1 ? "" : "s"} (2 × G.1X), ${fmt(dpuHours, 4)} DPU-h`,
    });
  }
  if (crawlerRuns > 0) {
    const dpuHours = (crawlerSeconds / 3600) * prices.glue.crawlerDpu;
    lines.push({
      service: "Glue crawlers",
      usd: dpuHours * prices.glue.dpuHourUsd,
      detail: `${crawlerRuns} crawler run${crawlerRuns === 1 ? "" : "s"}, ${fmt(dpuHours, 3)} DPU-h (10 min minimum)`,
    });
  }
  if (transitions > 0) {
    lines.push({
      service: "Step Functions",
      usd: transitions * prices.stepFunctions.transitionUsd,
      detail: `${transitions} state transitions`,
    });
  }
  if (lambdaCalls > 0) {
    const gbSeconds = lambdaSeconds * (prices.lambda.memoryMb / 1024);
    lines.push({
      service: "Lambda",
      usd: lambdaCalls * prices.lambda.requestUsd + gbSeconds * prices.lambda.gbSecondUsd,
      detail: `${lambdaCalls} invocations, ${fmt(gbSeconds, 2)} GB-s`,
    });
  }
  if (input.athena && input.athena.queries > 0) {
    const perQuery = Math.max(prices.athena.minBytesPerQuery, input.athena.bytesScanned / input.athena.queries);
    const billed = perQuery * input.athena.queries;
    lines.push({
      service: "Athena",
      usd: (billed / TB) * prices.athena.tbScannedUsd,
      detail: `${input.athena.queries} queries, ${formatBytes(billed)} billed`,
    });
  }
  if (input.s3) {
    const { putRequests, getRequests, storedBytes } = input.s3;
    lines.push({
      service: "S3",
      usd:
        putRequests * prices.s3.putRequestUsd +
        getRequests * prices.s3.getRequestUsd +
        (storedBytes / GB) * prices.s3.storageGbMonthUsd,
      detail: `${putRequests} PUT, ${getRequests} GET, ${formatBytes(storedBytes)} stored for a month`,
    });
  }
  return { totalUsd: lines.reduce((s, l) => s + l.usd, 0), lines };
}

/** "$0.0123" with enough digits for tiny amounts, "< $0.0001" below that. */
export function formatUsd(usd: number): string {
  if (usd === 0) return "$0.00";
  if (usd < 0.0001) return "< $0.0001";
  if (usd < 0.01) return `$${usd.toFixed(4)}`;
  if (usd < 1) return `$${usd.toFixed(3)}`;
  return `$${usd.toFixed(2)}`;
}

const fmt = (n: number, digits: number) => n.toFixed(digits);


