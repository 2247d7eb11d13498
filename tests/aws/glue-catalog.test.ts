import { describe, expect, it } from "vitest";
import { GetPartitionsCommand, GetTablesCommand } from "@aws-sdk/client-glue";
import { GlueCatalog, locate } from "@/lib/aws/glue-catalog";
import { catalogContract, type CatalogHarness } from "../contracts/catalog.contract";
import { fastRetry } from "./fakes/aws-error";
import { FakeGlue } from "./fakes/fake-glue";

function seeded() {
  const g = new FakeGlue("shoplake", "shoplake-lake");
  // The processed crawler prefixes its tables (both crawlers share one database).
  g.crawled("processed", "orders", [["order_id", "string"], ["total", "double"], ["order_ts", "timestamp"]], { "2025-10": 310, "2025-11": 290 }, "processed_orders");
  g.crawled("processed", "customers", [["customer_id", "string"], ["country", "string"]], { "2025-11": 50 }, "processed_customers");
  g.crawled("curated", "fact_orders_enriched", [["order_id", "string"], ["total", "double"], ["is_recognised", "boolean"]], { "2025-09": 10, "2025-10": 300, "2025-11": 280 });
  g.crawled("curated", "mart_kpis", [["revenue", "double"], ["orders", "bigint"]], { "2025-10": 1, "2025-11": 1 });
  return g;
}

catalogContract("Glue Data Catalog (aws-sdk-client-mock)", async (): Promise<CatalogHarness> => {
  const g = seeded();
  return {
    catalog: new GlueCatalog({ database: "shoplake", client: g.client, retry: fastRetry }),
    expected: [
      { layer: "processed", name: "orders", columns: ["order_id", "total"], months: { "2025-10": 310, "2025-11": 290 } },
      { layer: "curated", name: "fact_orders_enriched", columns: ["order_id", "is_recognised"], months: { "2025-09": 10, "2025-10": 300, "2025-11": 280 } },
      { layer: "curated", name: "mart_kpis", columns: ["revenue"], months: { "2025-10": 1, "2025-11": 1 } },
    ],
  };
});

describe("Glue catalog", () => {
  it("reads every page of tables and partitions through throttling", async () => {
    const g = seeded();
    g.pageSize = 1;
    g.throttle(3);
    const tables = await new GlueCatalog({ database: "shoplake", client: g.client, retry: fastRetry }).list();
    expect(tables.map((t) => `${t.layer}/${t.name}`)).toEqual(["curated/fact_orders_enriched", "curated/mart_kpis", "processed/customers", "processed/orders"]);
    // Four pages of one table, plus the three throttled attempts.
    expect(g.mock.commandCalls(GetTablesCommand).length).toBe(4 + 3);
    const fact = tables.find((t) => t.name === "fact_orders_enriched")!;
    expect(fact.partitions.map((p) => p.month)).toEqual(["2025-11", "2025-10", "2025-09"]);
    expect(fact.columns.at(-1)).toEqual({ name: "month", type: "string" });
    expect(fact.updatedAt).toEqual(new Date("2025-12-01T08:12:00Z"));
    expect(g.mock.commandCalls(GetPartitionsCommand).length).toBeGreaterThanOrEqual(2 + 1 + 3 + 2);
  });

  it("ignores tables outside the lake's layers", async () => {
    const g = seeded();
    g.tables.push({ Name: "elsewhere", StorageDescriptor: { Location: "s3://other-bucket/exports/x/" } });
    const tables = await new GlueCatalog({ database: "shoplake", client: g.client, retry: fastRetry }).list();
    expect(tables.map((t) => t.name)).not.toContain("elsewhere");
  });

  it("a missing database is an error, not an empty catalog", async () => {
    const g = seeded();
    await expect(new GlueCatalog({ database: "nope", client: g.client, retry: fastRetry }).list()).rejects.toThrow(/not found/);
  });

  it("locates layer and table from the S3 location", () => {
    expect(locate("s3://b/curated/mart_kpis/")).toEqual({ layer: "curated", name: "mart_kpis" });
    expect(locate("s3://b/processed/orders")).toEqual({ layer: "processed", name: "orders" });
    expect(locate("s3://b/athena-results/x/")).toBeNull();
    expect(locate(undefined)).toBeNull();
  });
});
