import { builtinProfile, type BuiltinProfileId } from "../../contracts/builtin-profiles";
import type { SourceProfile, TableProfile } from "../../contracts/profile";
import type { TableName } from "../../contracts/types";

export const FORMATS = ["contract", "olist", "order-lines"] as const;
export const LOCALES = ["en-US", "pt-BR"] as const;
export type Format = (typeof FORMATS)[number];
export type ForeignFormat = Exclude<Format, "contract">;
export type Locale = (typeof LOCALES)[number];

const BUILTIN: Record<ForeignFormat, Record<Locale, BuiltinProfileId>> = {
  olist: { "en-US": "olist", "pt-BR": "olist-pt-br" },
  "order-lines": { "en-US": "order-lines", "pt-BR": "order-lines-pt-br" },
};

/**
 * What the generator adds to a built-in profile. Olist lacks columns and tables the contract needs
 * for a complete, comparable month; the generated Olist files keep them under their contract names
 * (read without a mapping): customers signup_ts, country, acquisition_channel, birth_year, gender,
 * segment; products price; orders session_id, discount, shipping, tax (total left out: derived from
 * the lines); order_items quantity, discount; and two tables Olist does not have, sessions and events.
 */
const OVERRIDES: Record<ForeignFormat, Record<Locale, SourceProfile>> = {
  olist: {
    "en-US": olistOverrides("Generated month, Olist-style (+ contract columns signup_ts, country, price, quantity, discount, shipping, tax, session_id; sessions/events tables)"),
    "pt-BR": olistOverrides("Mês gerado, Olist pt-BR (+ colunas do contrato signup_ts, country, price, quantity, discount, shipping, tax, session_id; tabelas sessions/events)"),
  },
  "order-lines": {
    // Woo writes the store's local time; this shop sits in New York (a zone other than the business one).
    "en-US": { name: "Generated month, order-lines export (WooCommerce / Shopify style, New York time)", timezone: "America/New_York" },
    "pt-BR": { name: "Mês gerado, exportação por item de pedido (WooCommerce / Shopify, planilha pt-BR)" },
  },
};

function olistOverrides(name: string): SourceProfile {
  return {
    name,
    tables: {
      sessions: { file: "olist_sessions_dataset*.csv" },
      events: { file: "olist_events_dataset*.csv" },
      // The generated amounts are the contract month's (USD); a real Olist export is in BRL.
      orders: { defaults: { currency: "USD" } },
    },
  };
}

function mergeTable(base: TableProfile | undefined, over: TableProfile): TableProfile {
  const out: TableProfile = { ...base, ...over };
  if (base?.columns || over.columns) out.columns = { ...base?.columns, ...over.columns };
  if (base?.defaults || over.defaults) out.defaults = { ...base?.defaults, ...over.defaults };
  if (base?.values || over.values) {
    out.values = { ...base?.values };
    for (const [col, words] of Object.entries(over.values ?? {})) out.values[col] = { ...base?.values?.[col], ...words };
  }
  return out;
}

/** A profile with another laid over it (tables merged key by key). */
export function overlayProfile(base: SourceProfile, over: SourceProfile): SourceProfile {
  const { tables: overTables, ...rest } = over;
  const out: SourceProfile = { ...structuredClone(base), ...rest };
  if (overTables) {
    const tables = { ...out.tables };
    for (const [t, tp] of Object.entries(overTables) as [TableName, TableProfile][]) tables[t] = mergeTable(tables[t], tp);
    out.tables = tables;
  }
  return out;
}

/** The built-in profile a generated format/locale is written from. */
export function builtinProfileOf(format: ForeignFormat, locale: Locale) {
  return builtinProfile(BUILTIN[format][locale]);
}

/** The profile written beside a generated foreign month: its built-in profile plus the generator's additions. */
export function generatorProfile(format: ForeignFormat, locale: Locale): SourceProfile {
  return overlayProfile(builtinProfileOf(format, locale).profile, OVERRIDES[format][locale]);
}

/** The file name a profile's glob gives a table (`olist_orders_dataset*.csv` → `olist_orders_dataset.csv`). */
export function fileNameOf(profile: SourceProfile, table: TableName): string {
  const glob = profile.tables?.[table]?.file;
  if (!glob) throw new Error(`the profile names no file for ${table}`);
  return glob.replaceAll("*", "");
}
