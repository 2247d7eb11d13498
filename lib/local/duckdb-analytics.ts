import path from "node:path";
import { QUERY_TABLES, queryParams } from "../analytics/queries";
import type { Analytics, SqlRow } from "../backend/types";
import type { LocalLakeStorage } from "./local-storage";
import { Duck } from "../pipeline/duck";
import { renderSql, sqlString } from "../pipeline/sql/render";
import { loadQuerySql } from "../analytics/query-sql";
import { DuckPool } from "./duck-pool";

/** Connections per instance: a view's queries run this many at a time (measured: docs/dashboard.md "Speed"). */
const CONNECTIONS = 3;

/** Analytics over the curated Parquet of the local lake, with one long-lived in-memory DuckDB. */
export class DuckDbAnalytics implements Analytics {
  private readonly pool: DuckPool;

  constructor(
    private readonly lake: LocalLakeStorage,
    private readonly timeZone: string,
  ) {
    this.pool = new DuckPool(() => Duck.open({ timeZone: this.timeZone, threads: 2, memoryLimit: "512MB" }), CONNECTIONS);
  }

  async query(name: string, params: Record<string, string | number>): Promise<SqlRow[]> {
    if (!/^[a-z_]+$/.test(name)) throw new Error(`bad query name ${name}`);
    const sql = await loadQuerySql(name);
    const tables: Record<string, string> = {};
    for (const t of QUERY_TABLES) {
      if (!sql.includes(`{{${t}}}`)) continue;
      const rel = await this.relation(t);
      if (!rel) return [];
      tables[t] = rel;
    }
    const text = renderSql(sql, { ...queryParams(params), ...tables });
    return (await this.pool.use((d) => d.all(text))) as SqlRow[];
  }

  async months(): Promise<string[]> {
    return (await this.query("months", {})).map((r) => String(r.month));
  }

  private async relation(table: string): Promise<string | null> {
    const root = this.lake.localPath(`curated/${table}/`);
    const files = (await this.lake.list(`curated/${table}/`)).filter((o) => o.key.endsWith(".parquet"));
    if (files.length === 0) return null;
    // By name: months curated before a column was added read it as null instead of failing the query.
    return `read_parquet(${sqlString(path.join(root, "*", "*.parquet"))}, hive_partitioning = true, union_by_name = true)`;
  }
}
