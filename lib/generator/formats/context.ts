import path from "node:path";
import type { SourceProfile } from "../../contracts/profile";
import type { TableName } from "../../contracts/types";
import { Rng } from "../prng";
import { CsvRows } from "./csv-rows";
import type { CsvConventions } from "./encoded-writer";
import { fileNameOf, type ForeignFormat, type Locale } from "./profiles";
import { TableValues, type WriterStyle } from "./table-values";

export interface ForeignFile {
  /** The tables the profile reads from this file (an order-lines file feeds two). */
  tables: TableName[];
  path: string;
  rows: number;
  bytes: number;
}

/** One month being rewritten from its contract files into a foreign format. */
export class ForeignMonth {
  constructor(
    readonly contractDir: string,
    readonly dir: string,
    readonly month: string,
    readonly seed: number,
    readonly businessTimeZone: string,
    readonly format: ForeignFormat,
    readonly locale: Locale,
    readonly profile: SourceProfile,
    readonly conv: CsvConventions,
    readonly style: WriterStyle,
  ) {}

  /** A random stream of its own per output file: each file's choices are reproducible alone. */
  rng(...labels: string[]): Rng {
    return new Rng(this.seed, this.month, "format", this.format, this.locale, ...labels);
  }

  values(table: TableName, rng: Rng): TableValues {
    return new TableValues(this.profile, table, this.businessTimeZone, this.style, rng);
  }

  open(table: TableName): Promise<CsvRows> {
    return CsvRows.open(path.join(this.contractDir, `${table}.csv`));
  }

  /** Where the profile's glob says a table's file is. */
  pathOf(table: TableName): string {
    return path.join(this.dir, fileNameOf(this.profile, table));
  }
}
