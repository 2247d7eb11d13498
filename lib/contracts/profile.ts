import { z } from "zod";
import { normalizeHeaderName } from "./detect";
import { TABLES } from "./tables";
import { TABLE_NAMES, type TableName } from "./types";
import { checkValue, CONTRACT_PARSE, normalizeEnum, type ParseOptions } from "./values";

/**
 * Source profiles (DATA_CONTRACT.md "Source profiles"): how to read one shop's own export as the
 * contract. Every key is optional; what is not said is the contract's default. The browser check,
 * the local jobs and the AWS jobs all read a profile through this module.
 */
export const PROFILE_LIMITS = {
  /** The whole profile as JSON. */
  bytes: 64 * 1024,
  text: 200,
  valuesPerColumn: 500,
} as const;

export const DELIMITERS = [",", ";", "\t", "|", "auto"] as const;
export const ENCODINGS = ["utf-8", "windows-1252", "latin1", "utf-16"] as const;
export type Delimiter = (typeof DELIMITERS)[number];
export type Encoding = (typeof ENCODINGS)[number];

const text = z.string().max(PROFILE_LIMITS.text);

const validTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const tableProfileSchema = z
  .object({
    /** Case-insensitive glob on the file name (`pedidos*.csv`). */
    file: text.optional(),
    /** Contract column → the source's header. */
    columns: z.record(text, text).optional(),
    /** Per contract column: source word → contract value (matched like enums). */
    values: z.record(text, z.record(text, text).refine((m) => Object.keys(m).length <= PROFILE_LIMITS.valuesPerColumn, "too many values")).optional(),
    /** A value for a contract column the source lacks (or leaves empty). */
    defaults: z.record(text, text).optional(),
  })
  .strict();

export const sourceProfileSchema = z
  .object({
    name: text.optional(),
    delimiter: z.enum(DELIMITERS).optional(),
    encoding: z.enum(ENCODINGS).optional(),
    decimal: z.enum([".", ","]).optional(),
    thousands: z.enum(["", ",", ".", " ", "'"]).optional(),
    dateOrder: z.enum(["YMD", "DMY", "MDY"]).optional(),
    timezone: text.refine(validTimeZone, "not an IANA time zone").optional(),
    tables: z.partialRecord(z.enum(TABLE_NAMES), tableProfileSchema).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.decimal !== undefined && p.decimal === p.thousands) ctx.addIssue({ code: "custom", path: ["thousands"], message: "the thousands separator cannot be the decimal mark" });
    for (const [table, tp] of Object.entries(p.tables ?? {})) {
      const known = new Set(TABLES[table as TableName].columns.map((c) => c.name));
      for (const key of ["columns", "values", "defaults"] as const) {
        for (const col of Object.keys(tp?.[key] ?? {})) {
          if (!known.has(col)) ctx.addIssue({ code: "custom", path: ["tables", table, key, col], message: `${col} is not a column of ${table}` });
        }
      }
      // A default fills every row, and a word's value every row with that word: one that breaks its column's
      // rule would reject them all at run time, after the upload.
      const breaks = (name: string, value: string, where: string[]) => {
        const col = TABLES[table as TableName].columns.find((c) => c.name === name);
        const check = col && checkValue(col, value, new Date().getUTCFullYear(), parseOptionsOf(p));
        if (check && !check.ok) ctx.addIssue({ code: "custom", path: ["tables", table, ...where], message: `${JSON.stringify(value)} breaks the ${check.rule} rule of ${name}` });
      };
      for (const [name, value] of Object.entries(tp?.defaults ?? {})) breaks(name, value, ["defaults", name]);
      for (const [name, words] of Object.entries(tp?.values ?? {})) {
        for (const [word, value] of Object.entries(words)) breaks(name, value, ["values", name, word]);
      }
    }
  });

export type SourceProfile = z.infer<typeof sourceProfileSchema>;
export type TableProfile = z.infer<typeof tableProfileSchema>;

/** Parses a profile from untrusted JSON text; the error names the first problems with their paths. */
export function parseProfile(json: string): { ok: true; profile: SourceProfile } | { ok: false; error: string } {
  if (json.length > PROFILE_LIMITS.bytes) return { ok: false, error: `a profile is at most ${PROFILE_LIMITS.bytes / 1024} KB` };
  let raw: unknown;
  let protoKey = false;
  try {
    raw = JSON.parse(json, (key, value: unknown) => {
      // Dropped silently by the schema's records (a table or a word named so), refused at the top: refused everywhere.
      if (key === "__proto__") protoKey = true;
      return value;
    });
  } catch (e) {
    return { ok: false, error: `not JSON: ${(e as Error).message}` };
  }
  if (protoKey) return { ok: false, error: "a profile may not have a key named __proto__" };
  const parsed = sourceProfileSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, error: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "profile"}: ${i.message}`).join("; ") };
  }
  return { ok: true, profile: parsed.data };
}

/** The number and date conventions of a profile (the contract's where it says nothing). */
export function parseOptionsOf(profile: SourceProfile | null | undefined): ParseOptions {
  return {
    decimal: profile?.decimal ?? CONTRACT_PARSE.decimal,
    thousands: profile?.thousands ?? CONTRACT_PARSE.thousands,
    dateOrder: profile?.dateOrder ?? CONTRACT_PARSE.dateOrder,
  };
}

/**
 * Case-insensitive glob (`*` any run of characters, `?` one) on a file's base name. Matched by walking
 * both strings (a `*` is retried one character further on a mismatch), at most length × length steps:
 * the glob comes from a profile any client may import, and as a regular expression `*a*a*a*a*a*a*b`
 * against a 64-character name backtracked for seconds, `*a` × 10 for longer than a minute.
 */
export function globMatches(glob: string, fileName: string): boolean {
  const name = [...(fileName.split(/[\\/]/).pop() ?? fileName).toLowerCase()];
  const pattern = [...glob.toLowerCase()];
  let p = 0;
  let n = 0;
  let star = -1; // the last `*` seen, and where in the name its run would end now
  let resume = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === name[n])) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      resume = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++resume;
    } else return false;
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}

/** Tables whose `file` glob matches this file name, in contract order (an order-lines export feeds two). */
export function profileTablesForFile(profile: SourceProfile | null | undefined, fileName: string): TableName[] {
  const tables = profile?.tables ?? {};
  return TABLE_NAMES.filter((t) => {
    const glob = tables[t]?.file;
    return glob !== undefined && globMatches(glob, fileName);
  });
}

/** A short, stable fingerprint of a header (names normalised, order kept): next month's file is recognised by it. */
export function headerFingerprint(header: readonly string[]): string {
  // FNV-1a 32-bit twice (two seeds): synchronous in the browser and on the server, collisions irrelevant here.
  const s = header.map(normalizeHeaderName).join("\u001f");
  const fnv = (seed: number) => {
    let h = seed >>> 0;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, "0");
  };
  return fnv(0x811c9dc5) + fnv(0x5bd1e995);
}

/** How one table is read from one file's header through a profile. */
export interface ColumnResolution {
  /** Contract column → index in the file's header (absent: not in the file). */
  indexOf: Record<string, number>;
  /** Contract column → the source header it is read from (only where the profile renames it). */
  sourceName: Record<string, string>;
  /** Contract column → fixed value, for columns the source lacks (profile `defaults`). */
  defaults: Record<string, string>;
  /** Contract column → (normalised source word → contract value). */
  values: Record<string, Record<string, string>>;
  missingRequired: string[];
  missingOptional: string[];
  /** Header names read by no contract column (ignored, reported as a warning). */
  unknown: string[];
  /** Profile columns naming a header the file does not have. */
  profileMisses: { column: string; header: string }[];
  /** A header name that is read and also repeated later in the header: the first is read, the others not. */
  repeated: { header: string; times: number }[];
  /**
   * A key column the file lacks that is each line's number within its parent key, 1..n in file order:
   * an order-lines export without a line column (Shopify's) numbers `order_item_id` within its order.
   */
  lineNumber: string | null;
}

/**
 * Whether a table read from a file that also feeds other tables takes one row per key (orders from an
 * order-lines export): the run, the upload check and the mapping preview collapse alike.
 */
export const collapsesLines = (table: TableName, alsoFeeds: readonly TableName[]): boolean => alsoFeeds.length > 0 && TABLES[table].primaryKey.length === 1;

/** What a table's lines are numbered within, in words ("order" for order_items). */
export const lineParentNoun = (table: TableName): string => TABLES[table].primaryKey[0]!.replace(/_id$/, "");

/**
 * The key column a table read from an order-lines file numbers itself when the file lacks it: the
 * second of a two-column key whose first column is the key of another table the same file feeds
 * (order_items' `order_item_id` within `order_id`, when the file also feeds `orders`).
 */
export function lineNumberColumn(table: TableName, alsoFeeds: readonly TableName[]): string | null {
  const [parent, line] = TABLES[table].primaryKey;
  if (!parent || !line) return null;
  return alsoFeeds.some((t) => collapsesLines(t, [table]) && TABLES[t].primaryKey[0] === parent) ? line : null;
}

/**
 * Matches a header to a table's contract columns: a profile's `columns` name the source header of a
 * contract column; otherwise the contract name itself is looked for (case-insensitive, trimmed).
 */
export function resolveColumns(table: TableName, header: readonly string[], tp?: TableProfile, alsoFeeds: readonly TableName[] = []): ColumnResolution {
  const spec = TABLES[table];
  const firstIndex = new Map<string, number>();
  header.forEach((h, i) => {
    const n = normalizeHeaderName(h);
    if (!firstIndex.has(n)) firstIndex.set(n, i);
  });
  const out: ColumnResolution = { indexOf: {}, sourceName: {}, defaults: {}, values: {}, missingRequired: [], missingOptional: [], unknown: [], profileMisses: [], repeated: [], lineNumber: null };
  const numbered = lineNumberColumn(table, alsoFeeds);
  const used = new Set<number>();
  for (const c of spec.columns) {
    const renamed = tp?.columns?.[c.name];
    let i = renamed !== undefined ? firstIndex.get(normalizeHeaderName(renamed)) : undefined;
    if (renamed !== undefined && i === undefined) out.profileMisses.push({ column: c.name, header: renamed });
    i ??= firstIndex.get(c.name);
    if (i !== undefined) {
      out.indexOf[c.name] = i;
      used.add(i);
      const name = header[i]!;
      if (normalizeHeaderName(name) !== c.name) out.sourceName[c.name] = name.trim();
    }
    const dflt = tp?.defaults?.[c.name];
    if (dflt !== undefined) out.defaults[c.name] = dflt;
    const map = tp?.values?.[c.name];
    if (map) out.values[c.name] = Object.fromEntries(Object.entries(map).map(([from, to]) => [normalizeEnum(from), to]));
    if (i === undefined && dflt === undefined) {
      if (c.name === numbered) out.lineNumber = c.name;
      else (c.required ? out.missingRequired : out.missingOptional).push(c.name);
    }
  }
  // A second "total" is not an unknown column: say that it repeats one that is read.
  const readNames = new Set([...used].map((i) => normalizeHeaderName(header[i]!)));
  const times = new Map<string, number>();
  for (const h of header) if (readNames.has(normalizeHeaderName(h))) times.set(normalizeHeaderName(h), (times.get(normalizeHeaderName(h)) ?? 0) + 1);
  out.repeated = [...used].sort((a, b) => a - b).flatMap((i) => {
    const n = times.get(normalizeHeaderName(header[i]!)) ?? 1;
    return n > 1 ? [{ header: header[i]!.trim(), times: n }] : [];
  });
  out.unknown = header.map((h, i) => (used.has(i) || readNames.has(normalizeHeaderName(h)) ? "" : normalizeHeaderName(h))).filter((h) => h !== "");
  return out;
}

/** The raw text of one field as the contract reads it: the profile's word mapped, its default where empty. */
export function mappedValue(res: ColumnResolution, column: string, raw: string | undefined): string {
  const v = raw ?? "";
  if (v.trim() === "") return res.defaults[column] ?? v;
  const map = res.values[column];
  return map?.[normalizeEnum(v)] ?? v;
}
