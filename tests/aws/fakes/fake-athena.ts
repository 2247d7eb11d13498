/**
 * Athena behind aws-sdk-client-mock. Submitted SQL really runs, on DuckDB, over tables in a schema
 * named like the Glue database, so the rendered query files are executed, not pattern-matched.
 * Answers are shaped like Athena's: QUEUED → RUNNING → SUCCEEDED/FAILED, every value as VarCharValue,
 * a header row first on page one, NextToken paging, Athena type names in ColumnInfo.
 */
import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
  type StartQueryExecutionCommandInput,
} from "@aws-sdk/client-athena";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { mockClient } from "aws-sdk-client-mock";
import { throttling } from "./aws-error";

interface Query {
  input: StartQueryExecutionCommandInput;
  polls: number;
  result?: { columns: { name: string; type: string }[]; rows: (string | null)[][] };
  error?: string;
  cancelled?: boolean;
}

export class FakeAthena {
  readonly client = new AthenaClient({ region: "eu-west-1", credentials: { accessKeyId: "x", secretAccessKey: "y" } });
  readonly mock = mockClient(this.client);
  readonly queries = new Map<string, Query>();
  pollsBeforeDone = 2;
  pageSize = 3;
  /** SQL matching this fails with the given Athena reason. */
  failWhen: { match: RegExp; reason: string } | null = null;
  private throttles = 0;
  private conn!: DuckDBConnection;
  private n = 0;

  private constructor(readonly database: string) {}

  static async create(database: string): Promise<FakeAthena> {
    const f = new FakeAthena(database);
    const db = await DuckDBInstance.create(":memory:");
    f.conn = await db.connect();
    await f.conn.run(`CREATE SCHEMA "${database}"`);
    f.wire();
    return f;
  }

  /** Creates a table in the database schema from DDL columns and rows. */
  async table(name: string, ddl: string, rows: unknown[][]): Promise<void> {
    await this.conn.run(`CREATE OR REPLACE TABLE "${this.database}"."${name}" (${ddl})`);
    for (const r of rows) {
      const values = r.map((v) => (v === null ? "NULL" : typeof v === "number" ? String(v) : `'${String(v).replaceAll("'", "''")}'`)).join(", ");
      await this.conn.run(`INSERT INTO "${this.database}"."${name}" VALUES (${values})`);
    }
  }

  /** A table over Parquet files, as the curated crawler catalogues a folder (hive `month=` partitions). */
  async tableFromParquet(name: string, glob: string): Promise<void> {
    await this.conn.run(
      `CREATE OR REPLACE TABLE "${this.database}"."${name}" AS SELECT * FROM read_parquet('${glob.replaceAll("'", "''")}', hive_partitioning = true, union_by_name = true)`,
    );
  }

  throttle(n: number): void {
    this.throttles = n;
  }

  private guard(): void {
    if (this.throttles > 0) {
      this.throttles -= 1;
      throw throttling();
    }
  }

  private wire(): void {
    this.mock.on(StartQueryExecutionCommand).callsFake(async (input: StartQueryExecutionCommandInput) => {
      this.guard();
      const id = `q-${++this.n}`;
      const q: Query = { input, polls: 0 };
      this.queries.set(id, q);
      await this.execute(q);
      return { QueryExecutionId: id };
    });
    this.mock.on(GetQueryExecutionCommand).callsFake(async ({ QueryExecutionId }) => {
      this.guard();
      const q = this.queries.get(QueryExecutionId!)!;
      q.polls += 1;
      const state = q.cancelled ? "CANCELLED" : q.polls === 1 ? "QUEUED" : q.polls <= this.pollsBeforeDone ? "RUNNING" : q.error ? "FAILED" : "SUCCEEDED";
      return {
        QueryExecution: {
          QueryExecutionId,
          Query: q.input.QueryString,
          StatementType: "DML",
          WorkGroup: q.input.WorkGroup,
          QueryExecutionContext: q.input.QueryExecutionContext,
          Status: {
            State: state,
            StateChangeReason: state === "FAILED" ? q.error : undefined,
            AthenaError: state === "FAILED" ? { ErrorCategory: 2, ErrorType: 1006, Retryable: false, ErrorMessage: q.error } : undefined,
          },
          Statistics: { DataScannedInBytes: 0, EngineExecutionTimeInMillis: 120 },
        },
      };
    });
    this.mock.on(GetQueryResultsCommand).callsFake(async ({ QueryExecutionId, NextToken, MaxResults }) => {
      this.guard();
      const q = this.queries.get(QueryExecutionId!)!;
      if (!q.result) throw Object.assign(new Error("Query has not yet finished"), { name: "InvalidRequestException" });
      const all = [q.result.columns.map((c) => c.name), ...q.result.rows];
      const from = NextToken ? Number(NextToken) : 0;
      const to = from + Math.min(this.pageSize, MaxResults ?? 1000);
      return {
        UpdateCount: 0,
        ResultSet: {
          Rows: all.slice(from, to).map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
          ResultSetMetadata: {
            ColumnInfo: q.result.columns.map((c) => ({ CatalogName: "hive", SchemaName: "", TableName: "", Name: c.name, Label: c.name, Type: c.type, Precision: 0, Scale: 0, Nullable: "UNKNOWN", CaseSensitive: c.type === "varchar" })),
          },
        },
        NextToken: to < all.length ? String(to) : undefined,
      };
    });
    this.mock.on(StopQueryExecutionCommand).callsFake(async ({ QueryExecutionId }) => {
      const q = this.queries.get(QueryExecutionId!);
      if (q) q.cancelled = true;
      return {};
    });
  }

  private async execute(q: Query): Promise<void> {
    const sql = q.input.QueryString ?? "";
    if (this.failWhen?.match.test(sql)) {
      q.error = this.failWhen.reason;
      return;
    }
    try {
      const reader = await this.conn.runAndReadAll(sql);
      const columns = reader.columnNames().map((name, i) => ({ name, type: athenaType(reader.columnType(i).toString()) }));
      const rows = reader.getRows().map((r) => r.map((v) => (v === null ? null : String(v))));
      q.result = { columns, rows };
    } catch (e) {
      const msg = (e as Error).message;
      const table = /Table with name (\w+) does not exist/.exec(msg)?.[1];
      q.error = table
        ? `TABLE_NOT_FOUND: line 1:1: Table 'awsdatacatalog.${this.database}.${table}' does not exist`
        : `SYNTAX_ERROR: ${msg.split("\n")[0]}`;
    }
  }
}

function athenaType(duck: string): string {
  const t = duck.toUpperCase();
  if (t.startsWith("DECIMAL")) return "decimal";
  return (
    { BIGINT: "bigint", INTEGER: "integer", SMALLINT: "smallint", TINYINT: "tinyint", DOUBLE: "double", FLOAT: "float", BOOLEAN: "boolean", VARCHAR: "varchar", DATE: "date", TIMESTAMP: "timestamp", HUGEINT: "bigint" } as Record<string, string>
  )[t] ?? "varchar";
}
