import { mkdir } from "node:fs/promises";
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection } from "@duckdb/node-api";

export type DuckRow = Record<string, unknown>;

/** One in-memory DuckDB per job run, with the business time zone set for local-time bucketing. */
export class Duck {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly timeZone: string,
    /** Connections opened by connect() share the instance; only the first one closes it. */
    private readonly ownsInstance = true,
  ) {}

  static async open(opts: {
    timeZone: string;
    threads?: number;
    memoryLimit?: string;
    tempDir?: string;
    /**
     * Keep rows in input order where no ORDER BY says otherwise (DuckDB's default). Job 1 needs it:
     * a row's rowid is its record number. Without it, Parquet scans and writes run on every thread.
     */
    preserveOrder?: boolean;
  }): Promise<Duck> {
    // DuckDB spills to temp_directory past memory_limit (large months) and needs the folder to exist.
    if (opts.tempDir) await mkdir(opts.tempDir, { recursive: true });
    const instance = await DuckDBInstance.create(":memory:", {
      threads: String(opts.threads ?? 2),
      memory_limit: opts.memoryLimit ?? "1GB",
      // No extension may be downloaded here; parquet, json and icu are built in.
      autoinstall_known_extensions: "false",
      autoload_known_extensions: "true",
      preserve_insertion_order: String(opts.preserveOrder ?? true),
      ...(opts.tempDir ? { temp_directory: opts.tempDir } : {}),
    });
    const d = new Duck(instance, await instance.connect(), opts.timeZone);
    await d.setTimeZone();
    return d;
  }

  /**
   * Another connection to the same database: macros and tables are shared, TEMP objects are its own,
   * and the instance's threads are shared by every connection's queries.
   */
  async connect(): Promise<Duck> {
    const d = new Duck(this.instance, await this.instance.connect(), this.timeZone, false);
    await d.setTimeZone();
    return d;
  }

  private async setTimeZone(): Promise<void> {
    await this.run(`SET TimeZone = '${this.timeZone.replaceAll("'", "''")}'`);
  }

  /** Runs one or more statements. */
  async run(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  /** Rows as plain JS values: integers and decimals → number, timestamps → ISO-like strings. */
  async all<T extends DuckRow = DuckRow>(sql: string): Promise<T[]> {
    const reader = await this.conn.runAndReadAll(sql);
    const names = reader.columnNames();
    const numeric = new Set(names.filter((_, i) => NUMERIC_TYPES.has(reader.columnTypeId(i))));
    return reader.getRowObjectsJson().map((row) => {
      const out: DuckRow = {};
      for (const [k, v] of Object.entries(row)) out[k] = numeric.has(k) && typeof v === "string" ? Number(v) : v;
      return out as T;
    });
  }

  close(): void {
    this.conn.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }
}

// getRowObjectsJson renders BIGINT/DECIMAL as strings to keep precision; our magnitudes fit a double.
const NUMERIC_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT,
  DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.DECIMAL,
]);
