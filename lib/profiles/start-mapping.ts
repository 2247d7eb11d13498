import { TABLES, type ConcreteDelimiter, type Encoding, type SourceProfile, type TableName } from "../contracts";
import { detectDateOrder, detectNumberFormat } from "./detect-format";
import type { FormatDraft, TableMapping } from "./draft";
import { suggestColumns, suggestTables, type ColumnSuggestion } from "./suggest-columns";
import { WORD_COLUMNS, unknownWords } from "./value-words";

export interface MappingSample {
  fileName: string;
  header: readonly string[];
  rows: readonly (readonly string[])[];
  /** What the file looks like (sniffed). */
  detected: { encoding: Encoding; delimiter: ConcreteDelimiter };
}

export interface MappingStart {
  format: FormatDraft;
  /** How sure the format guesses are, for the page to say. */
  evidence: { decimalValues: number; dateOrder: "decided" | "ambiguous" | "no dates" };
  tables: TableMapping[];
  suggestions: Partial<Record<TableName, ColumnSuggestion[]>>;
}

/** The format of a file as a mapping starts it: what the sample shows, else what the base profile says. */
export function suggestFormat(sample: MappingSample, base: SourceProfile | null): { format: FormatDraft; evidence: MappingStart["evidence"] } {
  const values = sample.rows.flatMap((r) => r);
  const num = detectNumberFormat(values);
  const dates = detectDateOrder(values);
  return {
    format: {
      delimiter: sample.detected.delimiter,
      encoding: sample.detected.encoding,
      decimal: num.evidence > 0 ? num.decimal : (base?.decimal ?? "."),
      thousands: num.evidence > 0 ? num.thousands : (base?.thousands ?? ""),
      dateOrder: dates ? dates.order : (base?.dateOrder ?? "YMD"),
      timezone: base?.timezone ?? "",
    },
    evidence: { decimalValues: num.evidence, dateOrder: dates ? (dates.ambiguous ? "ambiguous" : "decided") : "no dates" },
  };
}

/** One table's mapping from the suggestions, the base profile's words and defaults, and the words the sample adds. */
export function mappingForTable(table: TableName, sample: MappingSample, format: FormatDraft, base: SourceProfile | null): { mapping: TableMapping; suggestions: ColumnSuggestion[] } {
  const existing = base?.tables?.[table];
  const suggestions = suggestColumns({ table, header: sample.header, rows: sample.rows, parse: format, existing });
  const columns = Object.fromEntries(suggestions.map((s) => [s.column, s.source]));
  const mapping: TableMapping = { table, columns, values: {}, defaults: { ...(existing?.defaults ?? {}) } };
  mapping.values = wordsFor(mapping, sample, existing?.values);
  return { mapping, suggestions };
}

/**
 * The value maps of a table's enum columns: the saved words kept, each unknown word of the sample
 * added with the dictionary's guess ("" when it has none: the user must choose).
 */
export function wordsFor(mapping: TableMapping, sample: MappingSample, saved?: Record<string, Record<string, string>>): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  const cols = TABLES[mapping.table].columns.filter((c) => (WORD_COLUMNS as readonly string[]).includes(c.name));
  for (const col of cols) {
    const words: Record<string, string> = { ...(saved?.[col.name] ?? {}), ...(mapping.values[col.name] ?? {}) };
    const src = mapping.columns[col.name];
    const i = src ? sample.header.findIndex((h) => h.trim() === src) : -1;
    if (i >= 0) {
      for (const w of unknownWords(mapping.table, col.name, sample.rows.map((r) => r[i] ?? ""))) {
        if (!(w.word in words)) words[w.word] = w.suggestion ?? "";
      }
    }
    if (Object.keys(words).length > 0) out[col.name] = words;
  }
  return out;
}

/**
 * A file known as `orders` by its name (`orders_export.csv`) whose header also holds every order-line
 * column is an order-lines export: the other table of the pair is suggested too, or its lines would be
 * lost unless the user thought of the second table.
 */
function pairedWith(guessed: { table: TableName | null; alsoTable: TableName | null }, table: TableName): TableName | null {
  if (!guessed.table || !guessed.alsoTable) return null;
  if (guessed.table === table) return guessed.alsoTable;
  return guessed.alsoTable === table ? guessed.table : null;
}

/**
 * Where a mapping starts for a file that does not fit: the detected delimiter and encoding, the
 * decimal mark and date order seen in the values, the file's table(s), each contract column's
 * suggested source, and the unknown enum words with guesses.
 */
export function startMapping(sample: MappingSample, base: SourceProfile | null, chosen?: { table: TableName | null; alsoTable: TableName | null }): MappingStart {
  const { format, evidence } = suggestFormat(sample, base);
  const guessed = suggestTables(sample.header, sample.rows, format);
  const picked = chosen?.table ? { table: chosen.table, alsoTable: chosen.alsoTable ?? pairedWith(guessed, chosen.table) } : guessed;
  const tables = [picked.table, picked.alsoTable].filter((t): t is TableName => t !== null);
  const out: MappingStart = { format, evidence, tables: [], suggestions: {} };
  for (const t of tables) {
    const { mapping, suggestions } = mappingForTable(t, sample, format, base);
    out.tables.push(mapping);
    out.suggestions[t] = suggestions;
  }
  return out;
}
