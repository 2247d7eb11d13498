/**
 * The raw SQL handle used for bulk work (job 3, catalog, migrations), next to Prisma.
 * Both drivers return rows with the same JS types: int8 and int4 as number, numeric as string,
 * timestamp/timestamptz/date as Date (timestamps without zone read as UTC), json/jsonb parsed.
 */
export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  /** One statement, `$1`-style parameters (extended protocol). */
  query<T extends object = SqlRow>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** A script of several statements without parameters (simple protocol). */
  exec(script: string): Promise<void>;
  /**
   * Loads a CSV file with a header row into `table` (`schema.table` allowed) through COPY, the
   * fastest path each driver has. Returns the number of rows loaded.
   */
  copyFromCsvFile(table: string, columns: readonly string[], csvPath: string): Promise<number>;
}

export interface SqlHandle extends SqlExecutor {
  readonly kind: "pglite" | "pg";
  /**
   * A host folder whose files the database reads by path, or null. A CSV written there loads straight
   * from the file (PGlite: a folder inside its data directory, read by its own file system); elsewhere
   * copyFromCsvFile streams the file through this process.
   */
  readonly bulkLoadDir: string | null;
  /**
   * BEGIN … COMMIT on one connection; ROLLBACK when `fn` throws. Inside `fn` use only `tx`: on PGlite
   * (one connection) anything else — the outer handle or Prisma — waits for the transaction to end.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` on one connection without opening a transaction (session-level advisory locks).
   * On PGlite there is only one connection: `fn` gets the handle itself.
   */
  session<T>(fn: (conn: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A driver opened for Prisma (its adapter factory) and for raw SQL, over one connection pool/instance. */
export interface OpenedDriver<Adapter> {
  adapter: Adapter;
  sql: SqlHandle;
  /** Set on a database just created from scratch: keeps it, once migrated, for the next new one. */
  keepAsTemplate?: () => Promise<void>;
  close(): Promise<void>;
}

/** `"analytics.fact_orders"` → `"analytics"."fact_orders"`; identifiers are quoted, never interpolated raw. */
export function quoteQualified(name: string): string {
  const parts = name.split(".");
  if (parts.length > 2 || parts.some((p) => p.length === 0)) throw new Error(`Bad table name: ${name}`);
  return parts.map(quoteIdent).join(".");
}

export function quoteIdent(id: string): string {
  if (id.length === 0 || id.includes("\0")) throw new Error(`Bad identifier: ${JSON.stringify(id)}`);
  return `"${id.replaceAll('"', '""')}"`;
}

export function copyCsvStatement(table: string, columns: readonly string[], source: string): string {
  if (columns.length === 0) throw new Error(`copyFromCsvFile(${table}): no columns`);
  const cols = columns.map(quoteIdent).join(", ");
  return `COPY ${quoteQualified(table)} (${cols}) FROM ${source} WITH (FORMAT csv, HEADER true)`;
}
