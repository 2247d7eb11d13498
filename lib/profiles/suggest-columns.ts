import { TABLES, TABLE_NAMES, checkValue, type ColumnSpec, type ParseOptions, type TableName, type TableProfile } from "../contracts";
import { COLUMN_SYNONYMS, headerKey } from "../contracts";
import { isContractWord, suggestWord } from "./value-words";

export type SuggestionReason = "profile" | "name" | "synonym" | "similar" | "values";

export interface ColumnSuggestion {
  column: string;
  /** Index in the file's header, or null: nothing fits. */
  index: number | null;
  /** The source's header at that index. */
  source: string | null;
  score: number;
  reason: SuggestionReason | null;
}

export interface SuggestInput {
  table: TableName;
  header: readonly string[];
  /** Sample records (fields in header order). */
  rows: readonly (readonly string[])[];
  parse: ParseOptions;
  /** An existing mapping (a saved profile's table) wins over guesses. */
  existing?: TableProfile;
  currentYear?: number;
}

const MIN_SCORE = 0.3;
/** Words that place a header on the order line, or on the whole order (`Desconto do item` vs `Desconto do pedido`). */
const LINE_WORDS = ["item", "linha", "line", "ligne", "linea", "posicao", "position", "artikel"];
const ORDER_WORDS = ["pedido", "order", "commande", "bestellung", "orden", "auftrag"];

/** In an order-lines export the same name appears for the order and for the line: the table decides. */
function tableHint(table: TableName, header: string): number {
  if (table !== "orders" && table !== "order_items") return 0;
  const h = headerKey(header);
  const line = LINE_WORDS.some((w) => h.includes(w));
  const order = !line && ORDER_WORDS.some((w) => h.includes(w));
  if (!line && !order) return 0;
  return (table === "order_items") === line ? 0.05 : -0.05;
}
/** Types whose values tell a column apart; strings and free decimals do not. */
const DISTINCT_TYPES = new Set<ColumnSpec["type"]>(["timestamp", "enum", "country", "currency", "boolean"]);

/** How well a header name fits a contract column: 1 its own name, 0.9 a known synonym, 0.45 a similar name. */
export function nameScore(column: string, header: string): { score: number; reason: SuggestionReason | null } {
  const h = headerKey(header);
  if (h === "") return { score: 0, reason: null };
  if (h === headerKey(column)) return { score: 1, reason: "name" };
  const syns = COLUMN_SYNONYMS[column] ?? [];
  if (syns.includes(h)) return { score: 0.9, reason: "synonym" };
  const similar = syns.some((s) => s.length >= 4 && h.length >= 4 && (h.includes(s) || s.includes(h)));
  return similar ? { score: 0.45, reason: "similar" } : { score: 0, reason: null };
}

/** Share of the sample's non-empty values the column's rule accepts (enums: known or dictionary words). */
export function valueFit(col: ColumnSpec, values: readonly string[], parse: ParseOptions, currentYear?: number): { fit: number; seen: number } {
  let seen = 0;
  let ok = 0;
  for (const raw of values) {
    if (raw.trim() === "") continue;
    seen++;
    if (col.type === "enum") {
      if (isContractWord(col, raw) || suggestWord(col.name, raw) !== null) ok++;
    } else if (checkValue(col, raw, currentYear, parse).ok) ok++;
  }
  return { fit: seen === 0 ? 0 : ok / seen, seen };
}

/**
 * Suggests, for each contract column of a table, the source column it is read from: the saved
 * mapping first, then header names (own name, synonyms in five languages, similar names) weighed by
 * whether the sample's values fit the column's type, then values alone for columns whose type is
 * distinctive (timestamps, enumerations, country and currency codes) or the table's key (unique ids).
 * Each source column is used once, best scores first.
 */
export function suggestColumns(input: SuggestInput): ColumnSuggestion[] {
  const spec = TABLES[input.table];
  const valuesAt = (i: number) => input.rows.map((r) => r[i] ?? "");
  const candidates: { column: string; index: number; score: number; reason: SuggestionReason }[] = [];
  const fits = new Map<string, { fit: number; seen: number }>();
  const fitOf = (col: ColumnSpec, i: number) => {
    const k = `${col.name}|${i}`;
    let f = fits.get(k);
    if (!f) fits.set(k, (f = valueFit(col, valuesAt(i), input.parse, input.currentYear)));
    return f;
  };
  const keyOf = input.header.map(headerKey);
  for (const col of spec.columns) {
    const saved = input.existing?.columns?.[col.name];
    if (saved !== undefined) {
      const i = keyOf.indexOf(headerKey(saved));
      if (i >= 0) {
        candidates.push({ column: col.name, index: i, score: 2, reason: "profile" });
        continue;
      }
    }
    input.header.forEach((h, i) => {
      const byName = nameScore(col.name, h);
      const typed = col.type !== "string";
      const f = typed ? fitOf(col, i) : null;
      let score = byName.score > 0 && byName.score < 1 ? byName.score + tableHint(input.table, h) : byName.score;
      let reason: SuggestionReason | null = byName.reason;
      if (score > 0 && f && f.seen > 0) {
        if (f.fit < 0.5) score *= 0.3; // the name says yes, the values say no
        else if (f.fit >= 0.8) score += 0.1;
      }
      if (score === 0 && f && f.seen >= 3 && f.fit >= 0.9 && DISTINCT_TYPES.has(col.type)) {
        score = col.type === "enum" ? 0.6 : 0.35;
        reason = "values";
      }
      if (score === 0 && spec.primaryKey.length === 1 && spec.primaryKey[0] === col.name && looksLikeKey(valuesAt(i))) {
        score = 0.3;
        reason = "values";
      }
      // A key is never guessed from a merely similar name: Shopify's "Lineitem name", "Lineitem requires
      // shipping" … all contain "item", and a wrong line key silently merges lines as duplicates (an
      // order-lines export without a line column has its lines numbered instead).
      if (reason === "similar" && spec.primaryKey.includes(col.name)) return;
      if (score >= MIN_SCORE && reason) candidates.push({ column: col.name, index: i, score, reason });
    });
  }
  candidates.sort((a, b) => b.score - a.score || a.index - b.index);
  const byColumn = new Map<string, ColumnSuggestion>();
  const usedIndex = new Set<number>();
  for (const c of candidates) {
    if (byColumn.has(c.column) || usedIndex.has(c.index)) continue;
    byColumn.set(c.column, { column: c.column, index: c.index, source: input.header[c.index]!.trim(), score: Math.min(1, c.score), reason: c.reason });
    usedIndex.add(c.index);
  }
  return spec.columns.map((col) => byColumn.get(col.name) ?? { column: col.name, index: null, source: null, score: 0, reason: null });
}

/** Every value present, distinct and without spaces: an id column. */
function looksLikeKey(values: readonly string[]): boolean {
  if (values.length < 3) return false;
  const set = new Set<string>();
  for (const v of values) {
    const t = v.trim();
    if (t === "" || /\s/.test(t) || set.has(t)) return false;
    set.add(t);
  }
  return true;
}

/** How completely a table's required columns are found by name (0..1), for guessing a file's table. */
function tableFit(table: TableName, header: readonly string[], rows: SuggestInput["rows"], parse: ParseOptions): number {
  const sugg = suggestColumns({ table, header, rows, parse });
  const req = TABLES[table].columns.filter((c) => c.required);
  const found = req.filter((c) => {
    const s = sugg.find((x) => x.column === c.name);
    return s && s.index !== null && s.reason !== "values" && s.score >= 0.5;
  });
  const optional = sugg.filter((s) => s.index !== null && s.score >= 0.5).length;
  return found.length / req.length + optional / 1000;
}

/**
 * The table a file most likely is, from its header names, and a second table when the same rows also
 * hold the other one (an order-lines export: `orders` and `order_items`).
 */
export function suggestTables(header: readonly string[], rows: SuggestInput["rows"], parse: ParseOptions): { table: TableName | null; alsoTable: TableName | null } {
  const scored = TABLE_NAMES.map((t) => ({ t, fit: tableFit(t, header, rows, parse) })).sort((a, b) => b.fit - a.fit);
  const best = scored[0]!;
  if (best.fit < 0.99) return { table: null, alsoTable: null };
  const pair: Partial<Record<TableName, TableName>> = { orders: "order_items", order_items: "orders" };
  const other = pair[best.t];
  const otherFit = other ? scored.find((s) => s.t === other)!.fit : 0;
  if (!other || otherFit < 0.99) return { table: best.t, alsoTable: null };
  // The order is the file's first table (its raw file is kept under `orders`).
  return { table: "orders", alsoTable: "order_items" };
}
