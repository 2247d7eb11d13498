import { checkValue } from "../../contracts/values";
import type { SourceProfile } from "../../contracts/profile";
import { TABLES } from "../../contracts/tables";
import type { ColumnSpec, TableName } from "../../contracts/types";
import type { Rng } from "../prng";
import { contractInstant, TimestampWriter, type DateOrder } from "./instants";
import { toWindows1252Text } from "./windows-1252";

/** How a source writes its words (enum and yes/no columns only: other text is read case-sensitively). */
export type WordCase = "lower" | "capitalize" | "title";

export interface WriterStyle {
  /** Share of timestamps written with a space offset although the wall time alone would do. */
  offsetShare: number;
  /** Per contract column name: how its words are cased (default: as the profile writes them). */
  wordCase: Readonly<Record<string, WordCase>>;
}

/** Free text: a character the encoding cannot hold is replaced here (and only here). */
const FREE_TEXT: Readonly<Partial<Record<TableName, readonly string[]>>> = {
  customers: ["city"],
  products: ["name", "category", "subcategory", "brand"],
  reviews: ["title", "comment"],
};

const cased = (word: string, c: WordCase | undefined) =>
  c === "capitalize" ? word.charAt(0).toUpperCase() + word.slice(1) : c === "title" ? word.replace(/(^|[\s-])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase()) : word;

/**
 * Writes one table's contract values in a source's conventions, as its profile reads them back:
 * headers and words from the profile (a contract value becomes a word the profile maps to it),
 * numbers with its decimal mark and thousands separator, timestamps in its zone and date order.
 */
export class TableValues {
  private readonly writers = new Map<string, (raw: string) => string>();
  readonly timestamps: TimestampWriter;
  private readonly decimal: string;
  private readonly thousands: string;
  private readonly lossy: boolean;

  constructor(
    private readonly profile: SourceProfile,
    readonly table: TableName,
    private readonly businessTimeZone: string,
    style: WriterStyle,
    private readonly rng: Rng,
  ) {
    const zone = profile.timezone ?? businessTimeZone;
    this.timestamps = new TimestampWriter(zone, (profile.dateOrder ?? "YMD") as DateOrder, style.offsetShare, rng);
    this.decimal = profile.decimal ?? ".";
    this.thousands = profile.thousands ?? "";
    this.lossy = profile.encoding === "windows-1252" || profile.encoding === "latin1";
    // Only enumerations and yes/no words are read case-insensitively, so only they are re-cased.
    for (const col of TABLES[table].columns) this.writers.set(col.name, this.writerFor(col, col.type === "enum" || col.type === "boolean" ? style.wordCase[col.name] : undefined));
  }

  /** The source's header for a contract column. */
  header(column: string): string {
    return this.profile.tables?.[this.table]?.columns?.[column] ?? column;
  }

  /** A contract field (raw text of the contract file) as the source writes it. */
  value(column: string, raw: string): string {
    const w = this.writers.get(column);
    if (!w) throw new Error(`${column} is not a column of ${this.table}`);
    return w(raw);
  }

  /** `1234.50` → `1.234,50` in the source's number conventions. */
  number(text: string): string {
    if (this.decimal === "." && this.thousands === "") return text;
    const [int = "", frac] = text.split(".");
    const grouped = this.thousands === "" || int.length <= 3 ? int : int.replace(/\B(?=(\d{3})+$)/g, this.thousands);
    return frac === undefined ? grouped : `${grouped}${this.decimal}${frac}`;
  }

  money(cents: number): string {
    return this.number((cents / 100).toFixed(2));
  }

  text(s: string): string {
    return this.lossy ? toWindows1252Text(s) : s;
  }

  instant(sec: number): string {
    return this.timestamps.format({ sec, fraction: "" });
  }

  private writerFor(col: ColumnSpec, wordCase: WordCase | undefined): (raw: string) => string {
    const words = this.profile.tables?.[this.table]?.values?.[col.name];
    if (words || col.type === "enum" || col.type === "boolean") {
      // contract value → the source words that read as it, in the profile's order
      const inverse = new Map<string, string[]>();
      for (const [word, target] of Object.entries(words ?? {})) inverse.set(target, [...(inverse.get(target) ?? []), word]);
      return (raw) => {
        if (raw.trim() === "") return "";
        const checked = checkValue(col, raw);
        if (!checked.ok || checked.value === null) throw new RangeError(`${this.table}.${col.name}: "${raw}" is not a contract value`);
        const options = inverse.get(checked.value);
        const word = !options ? checked.value : options.length === 1 || this.rng.chance(0.7) ? options[0]! : options[1 + this.rng.int(options.length - 1)]!;
        return cased(word, wordCase);
      };
    }
    switch (col.type) {
      case "timestamp":
        return (raw) => (raw.trim() === "" ? "" : this.timestamps.format(contractInstant(raw, this.businessTimeZone)));
      case "decimal":
        return (raw) => (raw.trim() === "" ? "" : this.number(raw.trim()));
      default:
        return FREE_TEXT[this.table]?.includes(col.name) ? (raw) => this.text(raw) : (raw) => raw;
    }
  }
}
