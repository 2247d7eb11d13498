// The dashboard queries (lib/analytics/sql) run on DuckDB locally and on Athena (Trino) on AWS.
// DuckDB executes them in the analytics tests and through the fake Athena here; Trino cannot run
// offline, so each query, rendered as Athena gets it, is parsed by a Trino grammar (dt-sql-parser,
// the ANTLR grammar of Trino's SQL): DuckDB's own syntax (`::` casts, GROUP BY ALL, EXCLUDE, QUALIFY,
// ILIKE, unquoted INTERVAL…) is a syntax error there. What a grammar cannot see is checked beside it:
// one statement per file, function names Trino has, no double-quoted text.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { TrinoSQL } from "dt-sql-parser";
import { describe, expect, it } from "vitest";
import { AthenaAnalytics } from "@/lib/aws/athena-analytics";
import { FILTER_KEYS } from "@/lib/analytics/filters";
import { ANALYTICS_QUERIES, QUERY_TABLES, RANGE_QUERIES } from "@/lib/analytics/queries";
import { renderSql } from "@/lib/pipeline/sql/render";
import { expandFragments } from "@/lib/analytics/query-sql";
import { fastRetry, noSleep } from "./fakes/aws-error";
import { FakeAthena } from "./fakes/fake-athena";

const DIR = path.resolve(import.meta.dirname, "../../lib/analytics/sql");
const files = readdirSync(DIR).filter((f) => f.endsWith(".sql"));
const trino = new TrinoSQL();

// Trino functions the queries may call (https://trino.io/docs/current/functions/list.html); a DuckDB
// name Trino lacks (strftime, list_*, epoch_ms…) parses as a call, so names are checked here.
const TRINO_FUNCTIONS = new Set([
  "abs", "approx_distinct", "arbitrary", "avg", "bool_and", "bool_or", "cardinality", "ceil", "coalesce", "concat", "count",
  "count_if", "current_date", "date", "date_add", "date_diff", "date_format", "date_parse", "date_trunc", "day", "day_of_week",
  "day_of_year", "extract", "floor", "format", "format_datetime", "from_iso8601_date", "greatest", "hour", "if", "least", "length",
  "lower", "max", "max_by", "min", "min_by", "month", "nullif", "quarter", "regexp_like", "replace", "round", "split_part",
  "strpos", "substr", "sum", "to_char", "trim", "try", "try_cast", "upper", "week", "week_of_year", "year", "year_of_week",
]);

/** A query file with its fragments (lib/analytics/sql/fragments) inlined, as both engines load it. */
function templateOf(file: string): string {
  const fragments = Object.fromEntries(readdirSync(path.join(DIR, "fragments")).map((f) => [f.replace(/\.sql$/, ""), readFileSync(path.join(DIR, "fragments", f), "utf8")]));
  return expandFragments(readFileSync(path.join(DIR, file), "utf8"), fragments);
}

/** The query as AthenaAnalytics sends it: tables as "database"."table", parameters as literals. */
function renderedForAthena(file: string): string {
  const template = templateOf(file);
  const values: Record<string, string> = Object.fromEntries(QUERY_TABLES.map((t) => [t, `"shoplake"."${t}"`]));
  for (const m of template.matchAll(/\{\{(\w+)\}\}/g)) {
    const name = m[1]!;
    values[name] ??= name === "limit" ? "10" : (FILTER_KEYS as readonly string[]).includes(name) ? "'FR'" : "'2025-11'";
  }
  return renderSql(template, values);
}

/** Names of the functions a parse tree calls. */
function functionNames(tree: unknown): string[] {
  const out: string[] = [];
  const walk = (n: unknown) => {
    const node = n as { constructor?: { name?: string }; children?: unknown[]; functionName?: () => { getText(): string } };
    if (node?.constructor?.name === "FunctionCallContext" && node.functionName) out.push(node.functionName().getText().toLowerCase());
    for (const c of node?.children ?? []) walk(c);
  };
  walk(tree);
  return out;
}

describe("analytics SQL is kept to what DuckDB and Athena both accept", () => {
  it("every query named by the analytics layer has a file", () => {
    expect(files.map((f) => f.replace(/\.sql$/, "")).sort()).toEqual([...ANALYTICS_QUERIES].sort());
  });

  it.each(files)("%s, rendered for Athena, parses as Trino SQL: one statement, Trino's functions", (file) => {
    const template = templateOf(file);
    const sql = renderedForAthena(file);
    expect(trino.validate(sql).map((e) => `${e.startLine}:${e.startColumn} ${e.message}`), file).toEqual([]);
    expect(trino.splitSQLByStatement(sql)?.length, `${file}: one statement`).toBe(1);
    for (const f of functionNames(trino.parse(sql))) expect(TRINO_FUNCTIONS.has(f), `${file}: ${f}() is not a Trino function`).toBe(true);
    // Double quotes name identifiers in Trino; only the rendered table names may use them.
    expect(template.replace(/--.*$/gm, ""), file).not.toMatch(/"/);
    // Tables only through placeholders, so each engine names its own relation (or the query's own WITH names).
    const ctes = new Set([...template.matchAll(/(?:\bWITH|,)\s+(\w+)\s+AS\s*\(/gi)].map((m) => m[1]!));
    for (const m of template.replace(/--.*$/gm, "").matchAll(/\b(?:FROM|JOIN)\s+([^\s(]+)/gi)) {
      if (!ctes.has(m[1]!)) expect(m[1], `${file}: FROM ${m[1]}`).toMatch(/^\{\{\w+\}\}$/);
    }
    for (const m of template.matchAll(/\{\{(\w+)\}\}/g)) if (m[1]!.startsWith("mart_")) expect(QUERY_TABLES).toContain(m[1]);
  });

  it("the grammar refuses DuckDB's dialect and the checks beside it see the rest", () => {
    const errors = (sql: string) => trino.validate(sql).length;
    for (const duckdbOnly of [
      'SELECT revenue::DOUBLE FROM "d"."t"',
      'SELECT month, sum(revenue) FROM "d"."t" GROUP BY ALL',
      'SELECT * EXCLUDE (month) FROM "d"."t"',
      'SELECT * FROM "d"."t" QUALIFY row_number() OVER () = 1',
      "SELECT * FROM \"d\".\"t\" WHERE country ILIKE 'f%'",
      "SELECT DATE '2025-11-01' + INTERVAL 1 DAY",
    ]) expect(errors(duckdbOnly), duckdbOnly).toBeGreaterThan(0);
    expect(errors("SELECT CAST(revenue AS DOUBLE), DATE '2025-11-01' + INTERVAL '1' DAY FROM \"d\".\"t\" WHERE month IN ('2025-11')")).toBe(0);
    expect(functionNames(trino.parse("SELECT strftime(order_ts, '%Y'), sum(x) FROM t"))).toEqual(["strftime", "sum"]);
    expect(trino.splitSQLByStatement("SELECT 1; SELECT 2")?.length).toBe(2);
  });

  it("each query, rendered for Athena, runs (on DuckDB behind the fake Athena) over the crawled marts", async () => {
    const f = await FakeAthena.create("shoplake");
    await f.table("mart_kpis", "revenue DECIMAL(18,2), orders BIGINT, buyers BIGINT, sessions BIGINT, browsed BIGINT, cart BIGINT, checkout BIGINT, purchased BIGINT, has_sessions BOOLEAN, has_events BOOLEAN, has_reviews BOOLEAN, month VARCHAR", [[10, 1, 1, 5, 4, 3, 2, 1, true, true, true, "2025-11"]]);
    await f.table("mart_reviewed_orders", "order_id VARCHAR, month VARCHAR", [["o1", "2025-11"]]);
    await f.table("fact_orders_enriched", "order_id VARCHAR, customer_id VARCHAR, currency VARCHAR, total DECIMAL(18,2), country VARCHAR, channel VARCHAR, device VARCHAR, is_recognised BOOLEAN, month VARCHAR", [["o1", "c1", "EUR", 10, "FR", "email", "mobile", true, "2025-11"]]);
    await f.table("fact_order_items_enriched", "order_id VARCHAR, product_id VARCHAR, product_name VARCHAR, category VARCHAR, quantity INTEGER, line_sales DECIMAL(18,4), unit_cost DECIMAL(18,2), line_margin DECIMAL(18,4), country VARCHAR, channel VARCHAR, device VARCHAR, is_recognised BOOLEAN, month VARCHAR", [["o1", "p1", "Lamp", "Home", 1, 10, 6, 4, "FR", "email", "mobile", true, "2025-11"]]);
    await f.table("mart_weekly_revenue", "week_start DATE, iso_week VARCHAR, revenue DECIMAL(18,2), orders BIGINT, month VARCHAR", [["2025-11-03", "2025-W45", 10, 1, "2025-11"]]);
    await f.table("mart_category_sales", "category VARCHAR, units BIGINT, sales DECIMAL(18,4), sales_with_cost DECIMAL(18,4), margin DECIMAL(18,4), month VARCHAR", [["Home", 1, 10, 10, 4, "2025-11"]]);
    await f.table("mart_revenue_by_country", "country VARCHAR, revenue DECIMAL(18,2), orders BIGINT, month VARCHAR", [["FR", 10, 1, "2025-11"]]);
    await f.table("mart_revenue_by_channel", "channel VARCHAR, revenue DECIMAL(18,2), orders BIGINT, month VARCHAR", [["email", 10, 1, "2025-11"]]);
    await f.table("mart_heatmap", "dow INTEGER, hour INTEGER, sessions BIGINT, orders BIGINT, month VARCHAR", [[1, 9, 5, 1, "2025-11"]]);
    const a = new AthenaAnalytics({ workgroup: "w", database: "shoplake", client: f.client, retry: fastRetry, sleep: noSleep });
    const range = { from: "2025-10", to: "2025-11", country: "FR", channel: "email", device: "mobile", category: "Home", limit: 10 };
    for (const q of ANALYTICS_QUERIES) {
      const params: Record<string, string | number> = (RANGE_QUERIES as readonly string[]).includes(q) ? range : q === "months" ? {} : q === "kpis" ? { month: "2025-11", prev_month: "2025-10" } : { month: "2025-11" };
      const rows = await a.query(q, params);
      expect(rows.length, q).toBeGreaterThan(0);
    }
    // Unfiltered ("" = NULL = all) runs too.
    for (const q of RANGE_QUERIES) expect((await a.query(q, { ...range, country: "", channel: "", device: "", category: "" })).length, q).toBeGreaterThan(0);
  });
});

describe("query fragments", () => {
  const fragments = { f: "-- a comment line\nx BETWEEN {{lo}} AND {{to}} AND y = {{country}}\n" };
  it("inline a fragment with its arguments as parameters or literals, the rest of its placeholders left to the query", () => {
    expect(expandFragments("WHERE {{@f lo=from}} LIMIT 1", fragments)).toBe("WHERE x BETWEEN {{from}} AND {{to}} AND y = {{country}} LIMIT 1");
    expect(expandFragments("WHERE {{@f lo='0000-01'}}", fragments)).toBe("WHERE x BETWEEN '0000-01' AND {{to}} AND y = {{country}}");
    expect(() => expandFragments("WHERE {{@g}}", fragments)).toThrow(/fragment g is not known/);
  });

  it("the dashboard filters on orders have one definition", () => {
    const copies = files.filter((f) => /\{\{country\}\} IS NULL OR coalesce\(o\.country/.test(readFileSync(path.join(DIR, f), "utf8")));
    expect(copies).toEqual([]);
  });
});
