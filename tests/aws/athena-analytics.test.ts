import { describe, expect, it } from "vitest";
import { GetQueryResultsCommand, StartQueryExecutionCommand, StopQueryExecutionCommand } from "@aws-sdk/client-athena";
import { AthenaAnalytics, convert } from "@/lib/aws/athena-analytics";
import { AppError } from "@/lib/errors";
import { analyticsContract, type AnalyticsHarness } from "../contracts/analytics.contract";
import { fastRetry, noSleep } from "./fakes/aws-error";
import { FakeAthena } from "./fakes/fake-athena";

const DB = "shoplake";

/** Curated marts as the curated crawler catalogues them (month is the partition column). */
async function seeded(): Promise<FakeAthena> {
  const f = await FakeAthena.create(DB);
  await f.table("mart_kpis", "revenue DECIMAL(14,2), orders BIGINT, buyers BIGINT, sessions BIGINT, browsed BIGINT, cart BIGINT, checkout BIGINT, purchased BIGINT, has_sessions BOOLEAN, has_events BOOLEAN, has_reviews BOOLEAN, month VARCHAR", [
    [1000.5, 10, 8, 100, 80, 40, 20, 10, "TRUE", "TRUE", "TRUE", "2025-10"],
    [1500.25, 12, 9, 120, 90, 45, 21, 12, "TRUE", "TRUE", "FALSE", "2025-11"],
    [900, 7, 7, 90, 70, 30, 15, 7, "TRUE", "TRUE", "TRUE", "2025-09"],
  ]);
  // 2025-10's orders o10-1..3 (o10-3 cancelled); two were reviewed, one of them only in November.
  await f.table("fact_orders_enriched", "order_id VARCHAR, is_recognised BOOLEAN, month VARCHAR", [
    ["o10-1", "TRUE", "2025-10"],
    ["o10-2", "TRUE", "2025-10"],
    ["o10-3", "FALSE", "2025-10"],
    ["o11-1", "TRUE", "2025-11"],
  ]);
  await f.table("mart_reviewed_orders", "order_id VARCHAR, month VARCHAR", [
    ["o10-1", "2025-10"],
    ["o10-2", "2025-11"],
    ["o10-3", "2025-11"],
  ]);
  await f.table("mart_revenue_by_channel", "channel VARCHAR, revenue DECIMAL(14,2), orders BIGINT, month VARCHAR", [
    ["email", 300.25, 3, "2025-11"],
    ["organic", 1200, 9, "2025-11"],
    ["direct", 50, 1, "2025-10"],
  ]);
  await f.table("mart_weekly_revenue", "week_start DATE, iso_week VARCHAR, revenue DECIMAL(14,2), orders BIGINT, month VARCHAR", [
    ["2025-10-27", "2025-W44", 100, 1, "2025-11"],
    ["2025-11-03", "2025-W45", 200.5, 2, "2025-11"],
    ["2025-11-10", "2025-W46", 0, 0, "2025-11"],
    ["2025-11-17", "2025-W47", 300, 3, "2025-11"],
    ["2025-11-24", "2025-W48", 900.75, 6, "2025-11"],
  ]);
  return f;
}

function analyticsOn(f: FakeAthena, extra: Partial<ConstructorParameters<typeof AthenaAnalytics>[0]> = {}) {
  return new AthenaAnalytics({ workgroup: "shoplake", database: DB, client: f.client, retry: fastRetry, sleep: noSleep, ...extra });
}

analyticsContract("Athena (aws-sdk-client-mock, SQL run by DuckDB)", async (): Promise<AnalyticsHarness> => {
  const f = await seeded();
  return {
    analytics: analyticsOn(f),
    months: ["2025-09", "2025-10", "2025-11"],
    samples: [
      {
        name: "revenue_by_channel",
        params: { month: "2025-11" },
        expected: [
          { channel: "organic", revenue: 1200, orders: 9 },
          { channel: "email", revenue: 300.25, orders: 3 },
        ],
      },
      {
        name: "kpis",
        params: { month: "2025-11", prev_month: "2025-10" },
        expected: expect.arrayContaining([
          expect.objectContaining({ month: "2025-11", revenue: 1500.25, orders: 12, buyers: 9, has_sessions: true, has_reviews: false }),
          expect.objectContaining({ month: "2025-10", revenue: 1000.5, orders: 10 }),
        ]) as never,
      },
      {
        // Reviews of any loaded month count; only recognised orders; the cancelled o10-3 does not.
        name: "review_share",
        params: { month: "2025-10" },
        expected: [{ month: "2025-10", reviewed_orders: 2, months_with_reviews: 1 }],
      },
      {
        name: "weekly_revenue",
        params: { month: "2025-11" },
        expected: [
          { week_start: "2025-10-27", iso_week: "2025-W44", revenue: 100, orders: 1 },
          { week_start: "2025-11-03", iso_week: "2025-W45", revenue: 200.5, orders: 2 },
          { week_start: "2025-11-10", iso_week: "2025-W46", revenue: 0, orders: 0 },
          { week_start: "2025-11-17", iso_week: "2025-W47", revenue: 300, orders: 3 },
          { week_start: "2025-11-24", iso_week: "2025-W48", revenue: 900.75, orders: 6 },
        ],
      },
    ],
  };
});

describe("Athena analytics", () => {
  it("runs in the workgroup and database, with result reuse, the query file rendered", async () => {
    const f = await seeded();
    await analyticsOn(f).query("revenue_by_channel", { month: "2025-11" });
    const input = f.mock.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(input.WorkGroup).toBe("shoplake");
    expect(input.QueryExecutionContext).toEqual({ Database: DB, Catalog: "AwsDataCatalog" });
    expect(input.ResultReuseConfiguration).toEqual({ ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 60 } });
    expect(input.QueryString).toContain(`FROM "${DB}"."mart_revenue_by_channel"`);
    expect(input.QueryString).toContain("WHERE month = '2025-11'");
    expect(input.QueryString).not.toMatch(/\{\{|;\s*$/);
    expect(input.ResultConfiguration).toBeUndefined();
  });

  it("result reuse off and an explicit output location when configured", async () => {
    const f = await seeded();
    await analyticsOn(f, { resultReuseMinutes: 0, outputLocation: "s3://results/athena/" }).months();
    const input = f.mock.commandCalls(StartQueryExecutionCommand)[0]!.args[0].input;
    expect(input.ResultReuseConfiguration).toBeUndefined();
    expect(input.ResultConfiguration).toEqual({ OutputLocation: "s3://results/athena/" });
  });

  it("polls with a growing, capped backoff until the query finishes", async () => {
    const f = await seeded();
    f.pollsBeforeDone = 7;
    const waits: number[] = [];
    const a = analyticsOn(f, { sleep: async (ms) => void waits.push(ms), pollMs: { first: 100, max: 500 } });
    await a.months();
    expect(waits).toEqual([100, 200, 400, 500, 500, 500, 500]);
  });

  it("pages the results (header row skipped once) through throttling", async () => {
    const f = await seeded();
    f.pageSize = 2;
    f.throttle(3);
    const rows = await analyticsOn(f).query("weekly_revenue", { month: "2025-11" });
    expect(rows.map((r) => r.iso_week)).toEqual(["2025-W44", "2025-W45", "2025-W46", "2025-W47", "2025-W48"]);
    expect(f.mock.commandCalls(GetQueryResultsCommand).length).toBeGreaterThanOrEqual(3);
  });

  it("a failing query is an AppError carrying Athena's reason", async () => {
    const f = await seeded();
    f.failWhen = { match: /mart_revenue_by_channel/, reason: "HIVE_BAD_DATA: Error parsing field value '1x' for field 1" };
    const err = await analyticsOn(f).query("revenue_by_channel", { month: "2025-11" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ status: 500, code: "athena_query_failed" });
    expect((err as AppError).message).toContain("HIVE_BAD_DATA: Error parsing field value '1x' for field 1");
    expect((err as AppError).details).toMatchObject({ queryExecutionId: expect.stringMatching(/^q-/), errorCategory: 2 });
  });

  it("a query that runs too long is stopped", async () => {
    const f = await seeded();
    f.pollsBeforeDone = 1e9;
    const err = await analyticsOn(f, { timeoutMs: 30 }).months().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "athena_timeout" });
    expect(f.mock.commandCalls(StopQueryExecutionCommand)).toHaveLength(1);
  });

  it("before the first curated crawl there are no tables: no months, no rows", async () => {
    const f = await FakeAthena.create(DB);
    const a = analyticsOn(f);
    expect(await a.months()).toEqual([]);
    expect(await a.query("revenue_by_channel", { month: "2025-11" })).toEqual([]);
  });

  it("bad names and parameters are 400s before anything reaches Athena", async () => {
    const f = await seeded();
    const a = analyticsOn(f);
    await expect(a.query("revenue_by_channel", { month: "2025-11' --" })).rejects.toMatchObject({ status: 400 });
    await expect(a.query("Revenue;DROP", {})).rejects.toMatchObject({ status: 400 });
    await expect(a.query("kpis", { month: "2025-11" })).rejects.toMatchObject({ status: 400, code: "missing_query_param" });
    await expect(a.query("no_such_query", {})).rejects.toMatchObject({ status: 404 });
    expect(f.mock.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });

  it("converts Athena's text values by column type", () => {
    expect(convert("42", "bigint")).toBe(42);
    expect(convert("1500.25", "decimal(14,2)")).toBe(1500.25);
    expect(convert("0.5", "double")).toBe(0.5);
    expect(convert("NaN", "double")).toBeNull();
    expect(convert("true", "boolean")).toBe(true);
    expect(convert("false", "boolean")).toBe(false);
    expect(convert(undefined, "varchar")).toBeNull();
    expect(convert("2025-11-03", "date")).toBe("2025-11-03");
    expect(convert("FR", "varchar")).toBe("FR");
  });
});
