import { describe, expect, it } from "vitest";
import { AWS_PRICES } from "@/lib/cost/aws-prices";
import { estimateRunCost, FLEX_JOBS, formatUsd } from "@/lib/cost/estimate";

const line = (est: ReturnType<typeof estimateRunCost>, service: string) => est.lines.find((l) => l.service === service);

describe("AWS cost estimate", () => {
  it("bills a short Flex job (job 1) for the 1-minute minimum at 2 DPU", () => {
    const est = estimateRunCost({ steps: [{ name: "Job1RawToProcessed", durationMs: 5_000 }] });
    // 60 s × 2 DPU = 1/30 DPU-h × 0.29 USD (Flex)
    expect(line(est, "Glue")!.usd).toBeCloseTo(0.29 / 30, 10);
    expect(est.totalUsd).toBeCloseTo(0.29 / 30 + 1 * 0.000025, 10);
  });

  it("bills a long job per second above the minimum; job 3 at the standard rate", () => {
    const est = estimateRunCost({ steps: [{ name: "Job2ProcessedToCurated", durationMs: 600_000 }] });
    // 600 s = 1/6 h × 2 DPU × 0.29
    expect(line(est, "Glue")!.usd).toBeCloseTo((600 / 3600) * 2 * 0.29, 10);
    const job3 = estimateRunCost({ steps: [{ name: "Job3CuratedToDatabase", durationMs: 600_000 }] });
    expect(line(job3, "Glue")!.usd).toBeCloseTo((600 / 3600) * 2 * 0.44, 10);
  });

  it("the job settings are those Terraform creates: two G.1X workers, Flex for jobs 1 and 2", async () => {
    const { loadTerraform } = await import("../infra/hcl");
    const tf = await loadTerraform();
    expect([tf.locals.glue_worker_type, tf.locals.glue_number_of_workers]).toEqual(["G.1X", AWS_PRICES.glue.jobDpu]);
    const jobs = tf.locals.jobs as Record<string, { execution_class: string }>;
    const flex = Object.entries({ job1: "Job1RawToProcessed", job2: "Job2ProcessedToCurated", job3: "Job3CuratedToDatabase" }).filter(([k]) => jobs[k]!.execution_class === "FLEX").map(([, s]) => s);
    expect(flex.sort()).toEqual([...FLEX_JOBS].sort());
  });

  it("gives each retry attempt its own minimum", () => {
    const once = estimateRunCost({ steps: [{ name: "Job3CuratedToDatabase", durationMs: 10_000, attempts: 1 }] });
    const thrice = estimateRunCost({ steps: [{ name: "Job3CuratedToDatabase", durationMs: 10_000, attempts: 3 }] });
    expect(line(thrice, "Glue")!.usd).toBeCloseTo(3 * line(once, "Glue")!.usd, 12);
  });

  it("counts Step Functions transitions including the crawler poll loop", () => {
    const est = estimateRunCost({
      steps: [
        { name: "ValidateBatch", durationMs: 1000 },
        { name: "CrawlProcessed", durationMs: 40_000 }, // 3 polls × 3 states
        { name: "PublishRunSummary", durationMs: 1000 },
      ],
    });
    expect(line(est, "Step Functions")!.detail).toBe("12 state transitions");
    expect(line(est, "Step Functions")!.usd).toBeCloseTo(12 * 0.000025, 12);
    // the crawler is billed for its 10-minute minimum at 2 DPU
    expect(line(est, "Glue crawlers")!.usd).toBeCloseTo((600 / 3600) * 2 * 0.44, 10);
  });

  it("bills Athena per TB scanned with a 10 MB minimum per query", () => {
    const small = estimateRunCost({ steps: [], athena: { queries: 4, bytesScanned: 1000 } });
    expect(line(small, "Athena")!.usd).toBeCloseTo((4 * 10 * 1024 * 1024 * 5) / 1e12, 12);
    const big = estimateRunCost({ steps: [], athena: { queries: 2, bytesScanned: 2e12 } });
    expect(line(big, "Athena")!.usd).toBeCloseTo(10, 6);
  });

  it("adds S3 requests and a month of storage", () => {
    const est = estimateRunCost({ steps: [], s3: { putRequests: 1000, getRequests: 10_000, storedBytes: 1024 ** 3 } });
    expect(line(est, "S3")!.usd).toBeCloseTo(0.005 + 0.004 + 0.023, 10);
  });

  it("ignores steps that did not run and unknown states", () => {
    const est = estimateRunCost({ steps: [{ name: "Job1RawToProcessed", durationMs: null }, { name: "Mystery", durationMs: 5000 }] });
    expect(est.lines).toEqual([]);
    expect(est.totalUsd).toBe(0);
  });

  it("uses the prices passed in (one constants file)", () => {
    const doubled = { ...AWS_PRICES, glue: { ...AWS_PRICES.glue, flexDpuHourUsd: 0.58 } };
    const a = estimateRunCost({ steps: [{ name: "Job1RawToProcessed", durationMs: 120_000 }] });
    const b = estimateRunCost({ steps: [{ name: "Job1RawToProcessed", durationMs: 120_000 }] }, doubled);
    expect(line(b, "Glue")!.usd).toBeCloseTo(2 * line(a, "Glue")!.usd, 12);
  });

  it("formats small amounts readably", () => {
    expect(formatUsd(0)).toBe("$0.00");
    expect(formatUsd(0.00001)).toBe("< $0.0001");
    expect(formatUsd(0.00456)).toBe("$0.0046");
    expect(formatUsd(0.1234)).toBe("$0.123");
    expect(formatUsd(12.345)).toBe("$12.35");
  });
});
