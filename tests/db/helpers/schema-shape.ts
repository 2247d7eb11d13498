import { getDMMF, type GetDMMFError } from "@prisma/get-dmmf";
import { readFileSync } from "node:fs";
import type { SqlExecutor } from "@/lib/db/sql";

/**
 * The database shape a Prisma schema implies, and the one a database has, in one comparable form.
 * The expected side is derived from Prisma's own DMMF with Prisma's PostgreSQL rules (type mapping,
 * default referential actions, constraint naming), never from a copied list of tables.
 */
export interface ColumnShape {
  type: string;
  nullable: boolean;
  default: string | null;
}
export interface IndexShape {
  columns: string[];
  unique: boolean;
}
export interface ForeignKeyShape {
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete: string;
  onUpdate: string;
}
export interface TableShape {
  columns: Record<string, ColumnShape>;
  primaryKey: { name: string; columns: string[] } | null;
  indexes: Record<string, IndexShape>;
  foreignKeys: Record<string, ForeignKeyShape>;
}
export interface DbShape {
  enums: Record<string, string[]>;
  tables: Record<string, TableShape>;
}

type Document = Exclude<ReturnType<typeof getDMMF>, GetDMMFError>;
type Model = Document["datamodel"]["models"][number];
type Field = Model["fields"][number];

export function loadDmmf(schemaPath: string): Document {
  const d = getDMMF({ datamodel: readFileSync(schemaPath, "utf8") });
  if ("reason" in d && !("datamodel" in d)) throw new Error(`getDMMF: ${d.reason}`);
  return d as Document;
}

/** Prisma's default column types on PostgreSQL (https://pris.ly/d/postgresql-type-mapping). */
const SCALAR_TYPES: Record<string, string> = {
  String: "text",
  Boolean: "boolean",
  Int: "integer",
  BigInt: "bigint",
  Float: "double precision",
  Decimal: "numeric(65,30)",
  DateTime: "timestamp(3) without time zone",
  Json: "jsonb",
  Bytes: "bytea",
};

function nativeType(name: string, args: readonly string[]): string {
  const a = args.length ? `(${args.join(",")})` : "";
  const map: Record<string, string> = {
    Text: "text",
    VarChar: `character varying${a}`,
    Char: `character${a}`,
    Uuid: "uuid",
    Integer: "integer",
    SmallInt: "smallint",
    BigInt: "bigint",
    Real: "real",
    DoublePrecision: "double precision",
    Decimal: `numeric${a}`,
    Boolean: "boolean",
    Date: "date",
    Timestamp: `timestamp${a || "(6)"} without time zone`,
    Timestamptz: `timestamp${a || "(6)"} with time zone`,
    Json: "json",
    JsonB: "jsonb",
    ByteA: "bytea",
    Inet: "inet",
  };
  const t = map[name];
  if (!t) throw new Error(`native type @db.${name} is not mapped in schema-shape.ts`);
  return t;
}

const ACTIONS: Record<string, string> = { Cascade: "Cascade", Restrict: "Restrict", NoAction: "NoAction", SetNull: "SetNull", SetDefault: "SetDefault" };

export function expectedShape(doc: Document): DbShape {
  const { models, enums, indexes } = doc.datamodel;
  const enumDb = new Map(enums.map((e) => [e.name, e.dbName ?? e.name]));
  const tableOf = new Map(models.map((m) => [m.name, m.dbName ?? m.name]));
  const columnOf = (model: Model, fieldName: string): string => {
    const f = model.fields.find((x) => x.name === fieldName);
    if (!f) throw new Error(`${model.name}.${fieldName} not found`);
    return f.dbName ?? f.name;
  };

  const shape: DbShape = {
    enums: Object.fromEntries(enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.dbName ?? v.name)])),
    tables: {},
  };

  for (const m of models) {
    const table = tableOf.get(m.name)!;
    const t: TableShape = { columns: {}, primaryKey: null, indexes: {}, foreignKeys: {} };
    for (const f of m.fields) {
      if (f.kind !== "scalar" && f.kind !== "enum") continue;
      const col = f.dbName ?? f.name;
      let type =
        f.kind === "enum"
          ? enumDb.get(f.type)!
          : f.nativeType
            ? nativeType(f.nativeType[0], f.nativeType[1])
            : SCALAR_TYPES[f.type] ?? fail(`no PostgreSQL type for ${f.type}`);
      if (f.isList) type += "[]";
      t.columns[col] = { type, nullable: !f.isRequired, default: expectedDefault(f, table, col, enumDb) };
    }
    for (const f of m.fields) {
      if (f.kind !== "object" || !f.relationFromFields?.length) continue;
      const from = f.relationFromFields.map((n) => columnOf(m, n));
      const target = models.find((x) => x.name === f.type)!;
      const optional = f.relationFromFields.some((n) => !m.fields.find((x) => x.name === n)!.isRequired);
      t.foreignKeys[`${table}_${from.join("_")}_fkey`] = {
        columns: from,
        refTable: tableOf.get(f.type)!,
        refColumns: (f.relationToFields ?? []).map((n) => columnOf(target, n)),
        // Prisma's defaults: SetNull for an optional relation, Restrict for a required one; updates cascade.
        onDelete: ACTIONS[f.relationOnDelete ?? (optional ? "SetNull" : "Restrict")]!,
        onUpdate: ACTIONS[(f as Field & { relationOnUpdate?: string }).relationOnUpdate ?? "Cascade"]!,
      };
    }
    shape.tables[table] = t;
  }

  for (const ix of indexes) {
    const m = models.find((x) => x.name === ix.model)!;
    const table = tableOf.get(m.name)!;
    const cols = ix.fields.map((f) => columnOf(m, f.name));
    const t = shape.tables[table]!;
    const dbName = (ix as { dbName?: string | null }).dbName ?? null;
    if (ix.type === "id") t.primaryKey = { name: dbName ?? `${table}_pkey`, columns: cols };
    else if (ix.type === "unique") t.indexes[dbName ?? `${table}_${cols.join("_")}_key`] = { columns: cols, unique: true };
    else if (ix.type === "normal") t.indexes[dbName ?? `${table}_${cols.join("_")}_idx`] = { columns: cols, unique: false };
    else throw new Error(`index type ${ix.type} is not handled in schema-shape.ts`);
  }
  return shape;
}

function expectedDefault(f: Field, table: string, col: string, enumDb: Map<string, string>): string | null {
  if (!f.hasDefaultValue || f.isUpdatedAt) return null;
  const d = f.default as unknown;
  if (typeof d === "object" && d !== null && "name" in d) {
    const fn = d as { name: string; args: unknown[] };
    if (fn.name === "autoincrement") return `nextval('"${table}_${col}_seq"'::regclass)`;
    if (fn.name === "now") return "CURRENT_TIMESTAMP";
    if (fn.name === "dbgenerated") return String(fn.args[0]);
    if (["uuid", "cuid", "nanoid", "ulid"].includes(fn.name)) return null; // generated by the client
    throw new Error(`default ${fn.name}() is not handled in schema-shape.ts`);
  }
  if (typeof d === "boolean" || typeof d === "number") return String(d);
  if (typeof d === "string") {
    const lit = `'${d.replaceAll("'", "''")}'`;
    if (f.kind === "enum") return `${lit}::"${enumDb.get(f.type)}"`;
    if (f.type === "Json") return `${lit}::jsonb`;
    if (f.type === "String") return `${lit}::text`;
  }
  throw new Error(`default ${JSON.stringify(d)} of ${table}.${col} is not handled in schema-shape.ts`);
}

function fail(message: string): never {
  throw new Error(message);
}

const CONFTYPE: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };

/** What the database has in `schema`, read from pg_catalog (Prisma's bookkeeping table left out). */
export async function actualShape(q: SqlExecutor, schema = "public"): Promise<DbShape> {
  const enumRows = await q.query<{ name: string; values: string[] }>(
    `SELECT t.typname AS name, json_agg(e.enumlabel ORDER BY e.enumsortorder) AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 GROUP BY t.typname`,
    [schema],
  );
  const columns = await q.query<{ table: string; column: string; type: string; notnull: boolean; default: string | null }>(
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS notnull, pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm') AND c.relname <> '_prisma_migrations'
      ORDER BY c.relname, a.attnum`,
    [schema],
  );
  const idx = await q.query<{ table: string; name: string; unique: boolean; primary: boolean; columns: string[] }>(
    `SELECT t.relname AS table, i.relname AS name, ix.indisunique AS unique, ix.indisprimary AS primary,
            (SELECT json_agg(a.attname ORDER BY k.ord)
               FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND t.relname <> '_prisma_migrations'`,
    [schema],
  );
  const pks = await q.query<{ table: string; name: string; index: string }>(
    `SELECT t.relname AS table, c.conname AS name, i.relname AS index
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_class i ON i.oid = c.conindid
      WHERE n.nspname = $1 AND c.contype = 'p' AND t.relname <> '_prisma_migrations'`,
    [schema],
  );
  const fks = await q.query<{
    table: string;
    name: string;
    columns: string[];
    ref_table: string;
    ref_columns: string[];
    on_delete: string;
    on_update: string;
  }>(
    `SELECT t.relname AS table, c.conname AS name, r.relname AS ref_table,
            c.confdeltype::text AS on_delete, c.confupdtype::text AS on_update,
            (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
            (SELECT json_agg(a.attname ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS ref_columns
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_class r ON r.oid = c.confrelid
      WHERE n.nspname = $1 AND c.contype = 'f'`,
    [schema],
  );

  const shape: DbShape = { enums: {}, tables: {} };
  for (const e of enumRows) shape.enums[e.name] = e.values;
  const table = (name: string): TableShape =>
    (shape.tables[name] ??= { columns: {}, primaryKey: null, indexes: {}, foreignKeys: {} });
  for (const c of columns) {
    table(c.table).columns[c.column] = { type: c.type.replaceAll('"', ""), nullable: !c.notnull, default: c.default };
  }
  const pkIndexes = new Set(pks.map((p) => `${p.table}.${p.index}`));
  for (const i of idx) {
    if (i.primary) continue;
    if (pkIndexes.has(`${i.table}.${i.name}`)) continue;
    table(i.table).indexes[i.name] = { columns: i.columns, unique: i.unique };
  }
  for (const p of pks) {
    const pkIndex = idx.find((i) => i.table === p.table && i.name === p.index);
    table(p.table).primaryKey = { name: p.name, columns: pkIndex?.columns ?? [] };
  }
  for (const f of fks) {
    table(f.table).foreignKeys[f.name] = {
      columns: f.columns,
      refTable: f.ref_table,
      refColumns: f.ref_columns,
      onDelete: CONFTYPE[f.on_delete] ?? f.on_delete,
      onUpdate: CONFTYPE[f.on_update] ?? f.on_update,
    };
  }
  return shape;
}

/** Human-readable differences (empty when the shapes agree). */
export function diffShapes(expected: DbShape, actual: DbShape): string[] {
  const out: string[] = [];
  const cmp = (where: string, e: unknown, a: unknown) => {
    if (JSON.stringify(e) !== JSON.stringify(a)) out.push(`${where}: expected ${JSON.stringify(e)}, found ${JSON.stringify(a)}`);
  };
  const keys = (a: object, b: object) => [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const name of keys(expected.enums, actual.enums)) cmp(`enum ${name}`, expected.enums[name], actual.enums[name]);
  for (const name of keys(expected.tables, actual.tables)) {
    const e = expected.tables[name];
    const a = actual.tables[name];
    if (!e || !a) {
      out.push(`table ${name}: ${e ? "missing from the database" : "not in schema.prisma"}`);
      continue;
    }
    for (const c of keys(e.columns, a.columns)) cmp(`column ${name}.${c}`, e.columns[c], a.columns[c]);
    cmp(`primary key of ${name}`, e.primaryKey, a.primaryKey);
    for (const i of keys(e.indexes, a.indexes)) cmp(`index ${i}`, e.indexes[i], a.indexes[i]);
    for (const f of keys(e.foreignKeys, a.foreignKeys)) cmp(`foreign key ${f}`, e.foreignKeys[f], a.foreignKeys[f]);
  }
  return out;
}
