import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type ColumnInfo,
  type Row,
} from "@aws-sdk/client-athena";
import { QUERY_TABLES, queryParams } from "../analytics/queries";
import { AppError, isAppError } from "../errors";
import type { Analytics, SqlRow, SqlValue } from "../backend/types";
import { renderSql } from "../pipeline/sql/render";
import { loadQuerySql } from "../analytics/query-sql";
import { sleep as realSleep, withRetry, type RetryOptions } from "./retry";

/**
 * Analytics on Athena over the curated tables the crawler catalogued. The queries are the same
 * `lib/analytics/sql/<name>.sql` files DuckDB runs locally: parameters are validated and rendered as
 * literals by the analytics layer (queryParams), and `{{mart_…}}` table placeholders name the Glue
 * tables `"<database>"."mart_…"` (the curated crawler names tables after their folders).
 */
export interface AthenaAnalyticsOptions {
  workgroup: string;
  database: string;
  catalog?: string;
  outputLocation?: string;
  /** 0 turns result reuse off. */
  resultReuseMinutes?: number;
  timeoutMs?: number;
  /** The SQL template of a query; defaults to lib/analytics/sql/<name>.sql. */
  readSql?: (name: string) => Promise<string>;
  region?: string;
  client?: AthenaClient;
  retry?: RetryOptions;
  sleep?: (ms: number) => Promise<void>;
  /** First and largest poll interval. */
  pollMs?: { first: number; max: number };
}

const QUERY_NAME = /^[a-z0-9_]+$/;

export class AthenaAnalytics implements Analytics {
  private readonly client: AthenaClient;

  constructor(private readonly opts: AthenaAnalyticsOptions) {
    this.client = opts.client ?? new AthenaClient({ region: opts.region });
  }

  private call<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, this.opts.retry);
  }

  async query(name: string, params: Record<string, string | number>): Promise<SqlRow[]> {
    if (!QUERY_NAME.test(name)) throw new AppError(400, "bad_query_name", `Unknown query: ${name}`);
    let template: string;
    try {
      template = await loadQuerySql(name, this.opts.readSql);
    } catch {
      throw new AppError(404, "unknown_query", `No analytics query named ${name}`);
    }
    let literals: Record<string, string>;
    try {
      literals = queryParams(params);
    } catch (e) {
      throw new AppError(400, "bad_query_param", (e as Error).message);
    }
    const tables = Object.fromEntries(QUERY_TABLES.map((t) => [t, `"${this.opts.database}"."${t}"`]));
    let sql: string;
    try {
      sql = renderSql(template, { ...tables, ...literals });
    } catch (e) {
      throw new AppError(400, "missing_query_param", (e as Error).message);
    }
    try {
      return await this.run(sql, name);
    } catch (e) {
      // Before the first curated crawl the tables do not exist: no data yet, as on the local lake.
      if (isAppError(e) && e.code === "athena_query_failed" && /TABLE_NOT_FOUND|does not exist/i.test(e.message)) return [];
      throw e;
    }
  }

  async months(): Promise<string[]> {
    return (await this.query("months", {})).map((r) => String(r.month));
  }

  /** Starts, waits, pages the results and converts them with the column metadata. */
  async run(sql: string, label: string): Promise<SqlRow[]> {
    const reuse = this.opts.resultReuseMinutes ?? 60;
    const started = await this.call(() =>
      this.client.send(
        new StartQueryExecutionCommand({
          QueryString: sql.trim().replace(/;+\s*$/, ""),
          WorkGroup: this.opts.workgroup,
          QueryExecutionContext: { Database: this.opts.database, Catalog: this.opts.catalog ?? "AwsDataCatalog" },
          ResultConfiguration: this.opts.outputLocation ? { OutputLocation: this.opts.outputLocation } : undefined,
          // Dashboards ask the same questions again and again; Athena answers from the last result.
          ResultReuseConfiguration: reuse > 0 ? { ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: reuse } } : undefined,
        }),
      ),
    );
    const id = started.QueryExecutionId;
    if (!id) throw new AppError(500, "athena_no_id", "Athena returned no query execution id");
    const statementType = await this.wait(id, label);
    return this.results(id, statementType);
  }

  private async wait(id: string, label: string): Promise<string | undefined> {
    const sleep = this.opts.sleep ?? realSleep;
    const deadline = Date.now() + (this.opts.timeoutMs ?? 120_000);
    let delay = this.opts.pollMs?.first ?? 100;
    const max = this.opts.pollMs?.max ?? 2000;
    for (;;) {
      const res = await this.call(() => this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: id })));
      const q = res.QueryExecution;
      const state = q?.Status?.State;
      if (state === "SUCCEEDED") return q?.StatementType;
      if (state === "FAILED" || state === "CANCELLED") {
        const reason = q?.Status?.StateChangeReason ?? q?.Status?.AthenaError?.ErrorMessage ?? "no reason given";
        throw new AppError(500, state === "FAILED" ? "athena_query_failed" : "athena_query_cancelled", `Athena query ${label} ${state.toLowerCase()}: ${reason}`, {
          queryExecutionId: id,
          errorCategory: q?.Status?.AthenaError?.ErrorCategory,
          errorType: q?.Status?.AthenaError?.ErrorType,
        });
      }
      if (Date.now() >= deadline) {
        await this.client.send(new StopQueryExecutionCommand({ QueryExecutionId: id })).catch(() => undefined);
        throw new AppError(500, "athena_timeout", `Athena query ${label} did not finish in time`, { queryExecutionId: id });
      }
      await sleep(delay);
      delay = Math.min(max, delay * 2);
    }
  }

  private async results(id: string, statementType: string | undefined): Promise<SqlRow[]> {
    const out: SqlRow[] = [];
    let columns: ColumnInfo[] | undefined;
    let nextToken: string | undefined;
    let first = true;
    do {
      const page = await this.call(() => this.client.send(new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: nextToken, MaxResults: 1000 })));
      columns ??= page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? [];
      let rows = page.ResultSet?.Rows ?? [];
      // A SELECT's first row on the first page repeats the column labels.
      if (first && statementType !== "DDL" && statementType !== "UTILITY" && rows[0] && isHeader(rows[0], columns)) rows = rows.slice(1);
      first = false;
      for (const r of rows) out.push(toRow(r, columns));
      nextToken = page.NextToken;
    } while (nextToken);
    return out;
  }
}

function isHeader(row: Row, columns: ColumnInfo[]): boolean {
  const data = row.Data ?? [];
  return data.length === columns.length && data.every((d, i) => d.VarCharValue === (columns[i]?.Label ?? columns[i]?.Name));
}

function toRow(row: Row, columns: ColumnInfo[]): SqlRow {
  const out: SqlRow = {};
  columns.forEach((c, i) => {
    out[c.Name ?? c.Label ?? `col${i}`] = convert(row.Data?.[i]?.VarCharValue, c.Type ?? "varchar");
  });
  return out;
}

/** Athena returns every value as text; numbers and booleans are typed like the local backend's rows, dates stay text. */
export function convert(v: string | undefined, type: string): SqlValue {
  if (v === undefined || v === null) return null;
  const t = type.toLowerCase().replace(/\(.*$/, "");
  switch (t) {
    case "boolean":
      return v === "true";
    case "tinyint":
    case "smallint":
    case "integer":
    case "int":
    case "bigint":
    case "double":
    case "float":
    case "real":
    case "decimal": {
      if (v === "NaN" || v === "Infinity" || v === "-Infinity") return null;
      const n = Number(v);
      return Number.isNaN(n) ? null : n;
    }
    default:
      return v;
  }
}
