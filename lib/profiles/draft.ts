import {
  globMatches,
  normalizeEnum,
  normalizeHeaderName,
  sourceProfileSchema,
  type ConcreteDelimiter,
  type Encoding,
  type ParseOptions,
  type SourceProfile,
  type TableName,
  type TableProfile,
} from "../contracts";

/** What the mapping step edits for one table of one file. */
export interface TableMapping {
  table: TableName;
  /** Contract column → the source header (null: not in the file). */
  columns: Record<string, string | null>;
  /** Contract column → (source word → contract value). */
  values: Record<string, Record<string, string>>;
  /** Contract column → a fixed value for a column the file lacks. */
  defaults: Record<string, string>;
}

export interface FormatDraft {
  delimiter: ConcreteDelimiter;
  encoding: Encoding;
  decimal: ParseOptions["decimal"];
  thousands: ParseOptions["thousands"];
  dateOrder: ParseOptions["dateOrder"];
  /** Empty: the business time zone. */
  timezone: string;
}

/** Month names (en/pt/es/fr/de, full and short) that vary from one export to the next. */
const MONTH_WORDS =
  "january|february|march|april|june|july|august|september|october|november|december|jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|" +
  "janeiro|fevereiro|marco|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro|fev|abr|mai|ago|set|out|dez|" +
  "enero|febrero|marzo|mayo|junio|julio|septiembre|octubre|noviembre|diciembre|ene|" +
  "janvier|fevrier|mars|avril|juin|juillet|aout|septembre|octobre|novembre|decembre|janv|fevr|avr|juil|" +
  "januar|februar|marz|juni|juli|oktober|dezember|okt";
const MONTH_RE = new RegExp(`(^|[^a-z])(${MONTH_WORDS})(?=[^a-z]|$)`, "g");

/**
 * A file-name glob that also matches next month's export: runs of digits (dates, counters) and month
 * names become `*` (`pedidos_2025-11.csv` → `pedidos_*.csv`, `Orders Nov 2025.csv` → `orders *.csv`).
 */
export function fileGlob(fileName: string): string {
  const base = (fileName.split(/[\\/]/).pop() ?? fileName).toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  const dot = base.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ""];
  const glob = stem
    .replace(/[*?]/g, "")
    .replace(MONTH_RE, "$1*")
    .replace(/\d+/g, "*")
    // `*-*_*` (a date's parts) is one wildcard
    .replace(/\*(?:[\s._-]*\*)+/g, "*");
  return (glob === "" ? "*" : glob) + ext;
}

function tableProfileOf(m: TableMapping, fileName: string): TableProfile {
  const columns: Record<string, string> = {};
  for (const [col, src] of Object.entries(m.columns)) {
    // The contract's own name needs no entry.
    if (src !== null && normalizeHeaderName(src) !== col) columns[col] = src.trim();
  }
  const values: Record<string, Record<string, string>> = {};
  for (const [col, words] of Object.entries(m.values)) {
    const kept = Object.fromEntries(Object.entries(words).filter(([from, to]) => to !== "" && normalizeEnum(from) !== to));
    if (Object.keys(kept).length > 0) values[col] = kept;
  }
  const defaults = Object.fromEntries(Object.entries(m.defaults).filter(([, v]) => v.trim() !== ""));
  return {
    file: fileGlob(fileName),
    ...(Object.keys(columns).length ? { columns } : {}),
    ...(Object.keys(values).length ? { values } : {}),
    ...(Object.keys(defaults).length ? { defaults } : {}),
  };
}

/**
 * The profile a mapping describes, merged into a base profile (a saved one being extended, or null):
 * the format applies to the whole source; each mapped table replaces the base's entry for it.
 */
export function profileFromMapping(base: SourceProfile | null, name: string, format: FormatDraft, files: { fileName: string; tables: TableMapping[] }[]): SourceProfile {
  const tables: NonNullable<SourceProfile["tables"]> = { ...(base?.tables ?? {}) };
  for (const f of files) for (const m of f.tables) tables[m.table] = tableProfileOf(m, f.fileName);
  const profile: SourceProfile = {
    name: name.trim() || base?.name || "My shop export",
    delimiter: format.delimiter,
    encoding: format.encoding,
    decimal: format.decimal,
    thousands: format.thousands,
    dateOrder: format.dateOrder,
    ...(format.timezone.trim() ? { timezone: format.timezone.trim() } : {}),
    tables,
  };
  // Never hand out a profile the server would refuse.
  return sourceProfileSchema.parse(profile);
}

/** A saved profile as the upload page knows it (the fingerprints say which headers it was made for). */
export interface SavedProfileRef {
  id: string;
  name: string;
  profile: SourceProfile;
  fingerprints: { fingerprint: string; tables: TableName[] }[];
}

export interface ProfilePick {
  id: string;
  /** File name → how the profile matched it. */
  matched: Record<string, "fingerprint" | "file">;
  /** File name → the tables the fingerprint says (only where the globs do not match). */
  tablesByFile: Record<string, TableName[]>;
}

/**
 * The saved profile for this month's files: the one that knows the most of them, a known header
 * fingerprint counting more than a matching file glob. Null when none knows any file.
 */
export function pickProfile(saved: readonly SavedProfileRef[], files: readonly { fileName: string; fingerprint: string | null }[]): ProfilePick | null {
  let best: (ProfilePick & { score: number }) | null = null;
  for (const p of saved) {
    const pick: ProfilePick & { score: number } = { id: p.id, matched: {}, tablesByFile: {}, score: 0 };
    for (const f of files) {
      const byPrint = f.fingerprint ? p.fingerprints.find((x) => x.fingerprint === f.fingerprint) : undefined;
      const byGlob = Object.values(p.profile.tables ?? {}).some((t) => t?.file !== undefined && globMatches(t.file, f.fileName));
      if (byPrint) {
        pick.matched[f.fileName] = "fingerprint";
        if (!byGlob) pick.tablesByFile[f.fileName] = byPrint.tables;
        pick.score += 2;
      } else if (byGlob) {
        pick.matched[f.fileName] = "file";
        pick.score += 1;
      }
    }
    if (pick.score > 0 && (!best || pick.score > best.score)) best = pick;
  }
  if (!best) return null;
  return { id: best.id, matched: best.matched, tablesByFile: best.tablesByFile };
}
