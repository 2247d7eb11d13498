// The dashboard queries (lib/analytics/sql) run on DuckDB locally and on Athena (Trino) on AWS.
// DuckDB executes them in the analytics tests and through the fake Athena here; Trino cannot run
// offline, so this lint rejects the DuckDB-only constructs Trino does not accept.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AthenaAnalytics } from "@/lib/aws/athena-analytics";
import { ANALYTICS_QUERIES, QUERY_TABLES } from "@/lib/analytics/queries";
import { fastRetry, noSleep } from "./fakes/aws-error";
import { FakeAthena } from "./fakes/fake-athena";

const DIR = path.resolve(import.meta.dirname, "../../lib/analytics/sql");
const files = readdirSync(DIR).filter((f) => f.endsWith(".sql"));

// DuckDB dialect that Trino (Athena engine 3) rejects or reads differently.
const DUCKDB_ONLY: [RegExp, string][] = [
  [/::/, "'::' casts (use CAST(x AS type))"],
  [/\bGROUP\s+BY\s+ALL\b/i, "GROUP BY ALL"],
  [/\bORDER\s+BY\s+ALL\b/i, "ORDER BY ALL"],
  [/\bEXCLUDE\s*\(/i, "SELECT * EXCLUDE"],
  [/\bREPLACE\s*\(\s*\w+\s+AS\b/i, "SELECT * REPLACE"],
  [/\bQUALIFY\b/i, "QUALIFY"],
  [/\bILIKE\b/i, "ILIKE"],
  [/\bstrftime\s*\(/i, "strftime (Trino: date_format)"],
  [/\b(list_|array_to_string|regexp_full_match|struct_pack|epoch_ms)\w*\s*\(/i, "DuckDB-only function"],
  [/\bread_(parquet|csv)\s*\(/i, "table functions over files"],
  [/\bFROM\s+['"][^'"]+\.(parquet|csv)['"]/i, "file paths as tables"],
  [/"[^"]*\s[^"]*"/, "double quotes hold identifiers in Trino, not strings"],
  [/\bINTERVAL\s+\d+\s+\w+/i, "INTERVAL without quotes (Trino: INTERVAL '1' DAY)"],
  [/;\s*\S/, "several statements in one file"],
];

describe("analytics SQL is kept to what DuckDB and Athena both accept", () => {
  it("every query named by the analytics layer has a file", () => {
    expect(files.map((f) => f.replace(/\.sql$/, "")).sort()).toEqual([...ANALYTICS_QUERIES].sort());
  });

  it.each(files)("%s uses no DuckDB-only construct", (file) => {
    const sql = readFileSync(path.join(DIR, file), "utf8").replace(/--.*$/gm, "");
    for (const [re, what] of DUCKDB_ONLY) expect(re.test(sql), `${file}: ${what}`).toBe(false);
    // Tables only through placeholders, so each engine names its own relation.
    for (const m of sql.matchAll(/\b(?:FROM|JOIN)\s+([^\s(]+)/gi)) expect(m[1], `${file}: FROM ${m[1]}`).toMatch(/^\{\{\w+\}\}$/);
    // Every placeholder is a table the engines map, or a parameter the analytics layer renders.
    const tables: readonly string[] = QUERY_TABLES;
    for (const m of sql.matchAll(/\{\{(\w+)\}\}/g)) expect([...tables, "month", "prev_month"], `${file}: {{${m[1]}}}`).toContain(m[1]);
  });

  it("each query, rendered for Athena, runs (on DuckDB behind the fake Athena) over the crawled marts", async () => {
    const f = await FakeAthena.create("shoplake");
    await f.table("mart_kpis", "revenue DECIMAL(18,2), orders BIGINT, buyers BIGINT, sessions BIGINT, browsed BIGINT, cart BIGINT, checkout BIGINT, purchased BIGINT, has_sessions BOOLEAN, has_events BOOLEAN, has_reviews BOOLEAN, month VARCHAR", [[10, 1, 1, 5, 4, 3, 2, 1, "TRUE", "TRUE", "TRUE", "2025-11"]]);
    await f.table("fact_orders_enriched", "order_id VARCHAR, is_recognised BOOLEAN, month VARCHAR", [["o1", "TRUE", "2025-11"]]);
    await f.table("mart_reviewed_orders", "order_id VARCHAR, month VARCHAR", [["o1", "2025-12"]]);
    await f.table("mart_weekly_revenue", "week_start DATE, iso_week VARCHAR, revenue DECIMAL(18,2), orders BIGINT, month VARCHAR", [["2025-11-03", "2025-W45", 10, 1, "2025-11"]]);
    await f.table("mart_category_sales", "category VARCHAR, units BIGINT, sales DECIMAL(18,4), sales_with_cost DECIMAL(18,4), margin DECIMAL(18,4), month VARCHAR", [["Home", 1, 10, 10, 4, "2025-11"]]);
    await f.table("mart_revenue_by_country", "country VARCHAR, revenue DECIMAL(18,2), orders BIGINT, month VARCHAR", [["FR", 10, 1, "2025-11"]]);
    await f.table("mart_revenue_by_channel", "channel VARCHAR, revenue DECIMAL(18,2), orders BIGINT, month VARCHAR", [["email", 10, 1, "2025-11"]]);
    await f.table("mart_heatmap", "dow INTEGER, hour INTEGER, sessions BIGINT, orders BIGINT, month VARCHAR", [[1, 9, 5, 1, "2025-11"]]);
    const a = new AthenaAnalytics({ workgroup: "w", database: "shoplake", client: f.client, retry: fastRetry, sleep: noSleep });
    for (const q of ANALYTICS_QUERIES) {
      const rows = await a.query(q, q === "months" ? {} : q === "kpis" ? { month: "2025-11", prev_month: "2025-10" } : { month: "2025-11" });
      expect(rows.length, q).toBeGreaterThan(0);
    }
  });
});
