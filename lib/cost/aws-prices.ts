/**
 * AWS list prices (us-east-1, on-demand) used to estimate what a run would have cost on AWS.
 * One place to update when prices change; the formula is in estimate.ts.
 */
export interface AwsPrices {
  region: string;
  glue: {
    /** USD per DPU-hour, billed per second (standard execution class, crawlers). */
    dpuHourUsd: number;
    /** USD per DPU-hour of a Flex job run (spare capacity). */
    flexDpuHourUsd: number;
    /** DPUs of a job run: infra/ runs two G.1X workers (1 DPU each), Glue 5's fewest for a Spark job. */
    jobDpu: number;
    /** Glue 2.0+ jobs bill at least one minute per run. */
    jobMinBilledSeconds: number;
    /** Crawlers: same DPU-hour price, at least 10 minutes per run. */
    crawlerMinBilledSeconds: number;
    /** AWS does not say how many DPUs a crawler uses; its pricing example uses 2. */
    crawlerDpu: number;
  };
  stepFunctions: {
    /** Standard workflows: USD per state transition (0.025 USD per 1000). */
    transitionUsd: number;
  };
  athena: {
    /** USD per TB (10^12 bytes) scanned. */
    tbScannedUsd: number;
    /** Each query is billed for at least 10 MB. */
    minBytesPerQuery: number;
  };
  s3: {
    /** PUT, COPY, POST, LIST: USD per request (0.005 per 1000). */
    putRequestUsd: number;
    /** GET and others: USD per request (0.0004 per 1000). */
    getRequestUsd: number;
    /** S3 Standard: USD per GB-month (first 50 TB). */
    storageGbMonthUsd: number;
  };
  lambda: {
    requestUsd: number;
    gbSecondUsd: number;
    memoryMb: number;
  };
}

export const AWS_PRICES: AwsPrices = {
  region: "us-east-1",
  glue: {
    dpuHourUsd: 0.44,
    flexDpuHourUsd: 0.29,
    jobDpu: 2,
    jobMinBilledSeconds: 60,
    crawlerMinBilledSeconds: 600,
    crawlerDpu: 2,
  },
  stepFunctions: { transitionUsd: 0.025 / 1000 },
  athena: { tbScannedUsd: 5, minBytesPerQuery: 10 * 1024 * 1024 },
  s3: { putRequestUsd: 0.005 / 1000, getRequestUsd: 0.0004 / 1000, storageGbMonthUsd: 0.023 },
  lambda: { requestUsd: 0.2 / 1_000_000, gbSecondUsd: 0.0000166667, memoryMb: 256 },
};
