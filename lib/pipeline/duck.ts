import "./duck-allocator";
import { randomUUID } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { DuckDBInstance, DuckDBTypeId, type DuckDBConnection } from "@duckdb/node-api";
import { config, memorySizeBytes } from "../config";

export type DuckRow = Record<string, unknown>;

/** The process's shared engine (see Duck.shared), created on first use. */
let sharedEngine: Promise<DuckDBInstance> | undefined;

/**
 * A DuckDB connection with the business time zone set for local-time bucketing: on an instance of its
 * own (Duck.open) or on the process's shared engine, in a database of its own (Duck.shared).
 */
export class Duck {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly timeZone: string,
    /** What close() releases besides the connection: the instance, the shared engine's database, or nothing. */
    private readonly owns: { instance: true } | { database: string } | null,
    /** On the shared engine: the database and insertion order, repeated on the connections connect() opens. */
    private readonly session: { database: string; preserveOrder: boolean } | null = null,
  ) {}

  /** An instance of its own (the analytics layer, tests, the bench's bare conversion). */
  static async open(opts: { timeZone: string; threads?: number; memoryLimit?: string }): Promise<Duck> {
    const instance = await DuckDBInstance.create(":memory:", {
      threads: String(opts.threads ?? 2),
      memory_limit: opts.memoryLimit ?? "1GB",
      // No extension may be downloaded here; parquet, json and icu are built in.
      autoinstall_known_extensions: "false",
      autoload_known_extensions: "true",
    });
    const d = new Duck(instance, await instance.connect(), opts.timeZone, { instance: true });
    await d.run(`SET TimeZone = ${quoteTimeZone(opts.timeZone)}`);
    return d;
  }

  /**
   * A connection for the pipeline's jobs, crawls and quarantine reads. They all run on one engine
   * (2 threads, DUCKDB_MEMORY_LIMIT, spilling under DATA_DIR), so the memory one step frees is reused by the next
   * instead of being faulted in again (see duck-allocator.ts; closing an instance gives its memory
   * back to the system), and two batches at once share one memory limit. Each connection gets an
   * in-memory database of its own as default catalog: its tables and macros cannot meet another's.
   */
  static async shared(opts: {
    timeZone: string;
    /**
     * Keep rows in input order where no ORDER BY says otherwise (DuckDB's default). Job 1 needs it:
     * a row's rowid is its record number. Without it, Parquet scans and writes run on every thread.
     */
    preserveOrder?: boolean;
  }): Promise<Duck> {
    sharedEngine ??= (async () => {
      // DuckDB spills to temp_directory past memory_limit (large months) and needs the folder to exist.
      const spillDir = path.join(path.resolve(config().DATA_DIR), "work", "duckdb-spill");
      await mkdir(spillDir, { recursive: true });
      return DuckDBInstance.create(":memory:", {
        threads: "2",
        memory_limit: config().DUCKDB_MEMORY_LIMIT,
        autoinstall_known_extensions: "false",
        autoload_known_extensions: "true",
        temp_directory: spillDir,
        // DuckDB keeps every external file it reads in this cache until memory_limit presses on it: the
        // jobs read each run's files once, so in a server the cache only grew (≈ 1 MB a scale-0.01 run, the
        // soak's RSS 760 → 1,052 MB over 200 runs). Nothing here reads a file twice enough to gain from it.
        enable_external_file_cache: "false",
      });
    })();
    const engine = await sharedEngine;
    const database = `db_${randomUUID().replaceAll("-", "")}`;
    const conn = await engine.connect();
    await conn.run(`ATTACH ':memory:' AS ${database}`);
    const d = new Duck(engine, conn, opts.timeZone, { database }, { database, preserveOrder: opts.preserveOrder ?? true });
    await d.setSession();
    return d;
  }

  /** Closes the shared engine (tests that change DATA_DIR); the next Duck.shared opens a new one. */
  static async closeShared(): Promise<void> {
    const engine = sharedEngine;
    sharedEngine = undefined;
    if (engine) (await engine).closeSync();
  }

  /**
   * Another connection to the same database: macros and tables are shared, TEMP objects are its own,
   * and the instance's threads are shared by every connection's queries.
   */
  async connect(): Promise<Duck> {
    const d = new Duck(this.instance, await this.instance.connect(), this.timeZone, null, this.session);
    await (this.session ? d.setSession() : d.run(`SET TimeZone = ${quoteTimeZone(this.timeZone)}`));
    return d;
  }

  /** On the shared engine, settings are the session's: the engine's globals belong to everyone. */
  private async setSession(): Promise<void> {
    if (!this.session) return;
    await this.run(`USE ${this.session.database}; SET SESSION TimeZone = ${quoteTimeZone(this.timeZone)};
      SET SESSION preserve_insertion_order = ${this.session.preserveOrder}`);
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

  /**
   * The columns of each relation, in order, in one query. DESCRIBE lists a relation's columns in order;
   * row_number() keeps that order through the union.
   */
  async describeEach(relations: readonly string[]): Promise<{ name: string; type: string }[][]> {
    if (relations.length === 0) return [];
    const rows = await this.all<{ t: number; name: string; type: string }>(
      relations
        .map((r, i) => `SELECT ${i} AS t, row_number() OVER () AS pos, column_name AS name, column_type AS type FROM (DESCRIBE SELECT * FROM ${r})`)
        .join(" UNION ALL ") + " ORDER BY t, pos",
    );
    return relations.map((_, i) => rows.filter((c) => c.t === i).map(({ name, type }) => ({ name, type })));
  }

  async close(): Promise<void> {
    try {
      // Frees the database's tables; its owner closes its other connections first (the jobs do).
      if (this.owns && "database" in this.owns) await this.conn.run(`USE memory; DETACH ${this.owns.database}`);
    } finally {
      this.conn.closeSync();
      if (this.owns && "instance" in this.owns) this.instance.closeSync();
    }
  }
}

/**
 * The share of the memory limit a job plans one large table or hash table into (job 1's tables read
 * alone, job 2's passes over the events): the rest is the query's other operators and buffers.
 */
export const PLANNED_MEMORY_SHARE = 0.8;

/** DUCKDB_MEMORY_LIMIT in bytes: what the shared job engine holds before it spills (the config checked its form). */
export function jobMemoryLimitBytes(): number {
  return memorySizeBytes(config().DUCKDB_MEMORY_LIMIT);
}

const quoteTimeZone = (tz: string) => `'${tz.replaceAll("'", "''")}'`;

// getRowObjectsJson renders BIGINT/DECIMAL as strings to keep precision; our magnitudes fit a double.
const NUMERIC_TYPES = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT,
  DuckDBTypeId.UTINYINT, DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER, DuckDBTypeId.UBIGINT,
  DuckDBTypeId.FLOAT, DuckDBTypeId.DOUBLE, DuckDBTypeId.DECIMAL,
]);
