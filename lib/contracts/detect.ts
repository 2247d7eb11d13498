import { TABLE_NAMES, type TableName } from "./types";
import { TABLES, requiredColumns } from "./tables";

/**
 * Header names are matched case-insensitively after trimming (and a UTF-8 BOM is not part of a name), in
 * Unicode's composed form: macOS writes "Situação" decomposed (a + combining tilde), a profile typed
 * elsewhere composed, and the two look the same on screen.
 */
export function normalizeHeaderName(name: string): string {
  return name.replace(/^\uFEFF/, "").trim().normalize("NFC").toLowerCase();
}

/**
 * Every table a file name names (`2025-11_orders.csv`, `orders_nov.csv`, `order-items.csv`): the name
 * contains the table's. `order_items` wins over `orders` (`shop_order_items_orders.csv` is order lines).
 */
export function tablesInFileName(fileName: string): TableName[] {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const norm = base.toLowerCase().replace(/[\s-]+/g, "_");
  const named = TABLE_NAMES.filter((t) => norm.includes(t));
  return named.includes("order_items") ? named.filter((t) => t !== "orders") : named;
}

/**
 * Table from the file name, or null: when it names none, or two (`customers_orders.csv`,
 * `orders_by_customer_sessions.csv`), which is not the name deciding but a guess; the header decides then.
 */
export function tableFromFileName(fileName: string): TableName | null {
  const named = tablesInFileName(fileName);
  return named.length === 1 ? named[0]! : null;
}

/** Table whose required columns are all present and which shares the most columns with the header. */
export function tableFromHeader(header: readonly string[]): TableName | null {
  const cols = new Set(header.map(normalizeHeaderName));
  let best: { table: TableName; score: number } | null = null;
  for (const t of TABLE_NAMES) {
    const spec = TABLES[t];
    if (!requiredColumns(spec).every((c) => cols.has(c))) continue;
    const score = spec.columns.filter((c) => cols.has(c.name)).length / spec.columns.length;
    if (!best || score > best.score) best = { table: t, score };
  }
  return best?.table ?? null;
}

export function detectTable(fileName: string, header?: readonly string[]): TableName | null {
  return tableFromFileName(fileName) ?? (header ? tableFromHeader(header) : null);
}

export interface HeaderMapping {
  /** contract column → index in the file's header */
  indexOf: Record<string, number>;
  missingRequired: string[];
  missingOptional: string[];
  unknown: string[];
}

export function mapHeader(table: TableName, header: readonly string[]): HeaderMapping {
  const spec = TABLES[table];
  const indexOf: Record<string, number> = {};
  header.forEach((h, i) => {
    const n = normalizeHeaderName(h);
    if (indexOf[n] === undefined) indexOf[n] = i;
  });
  const known = new Set(spec.columns.map((c) => c.name));
  const mapped: Record<string, number> = {};
  for (const c of spec.columns) {
    const i = indexOf[c.name];
    if (i !== undefined) mapped[c.name] = i;
  }
  return {
    indexOf: mapped,
    missingRequired: spec.columns.filter((c) => c.required && mapped[c.name] === undefined).map((c) => c.name),
    missingOptional: spec.columns.filter((c) => !c.required && mapped[c.name] === undefined).map((c) => c.name),
    unknown: header.map(normalizeHeaderName).filter((h) => h !== "" && !known.has(h)),
  };
}
