/** The shape of the data contract (../shared/DATA_CONTRACT.md), encoded once. */
export type ColumnType = "string" | "timestamp" | "decimal" | "integer" | "boolean" | "enum" | "country" | "currency";

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  required?: boolean;
  /** For `enum` columns: the allowed canonical values. */
  values?: readonly string[];
  /** Aliases read as a canonical enum value (e.g. `canceled` → `cancelled`). */
  aliases?: Readonly<Record<string, string>>;
  /** Inclusive numeric bounds; `max: "currentYear"` is resolved at run time. */
  min?: number;
  minExclusive?: boolean;
  max?: number | "currentYear";
  /** Value used when the field is empty. */
  default?: string;
  /** Must be >= this other timestamp column of the same row. */
  notBefore?: string;
}

export type TableKind = "dimension" | "fact";

export interface TableSpec {
  name: TableName;
  kind: TableKind;
  /** Unique per batch after deduplication; order lines are keyed by (order_id, order_item_id). */
  primaryKey: readonly string[];
  /** Timestamp column that decides the month partition (facts); order_items follow their order. */
  monthColumn?: string;
  columns: readonly ColumnSpec[];
}

export const TABLE_NAMES = ["customers", "products", "sessions", "events", "orders", "order_items", "reviews"] as const;
export type TableName = (typeof TABLE_NAMES)[number];
