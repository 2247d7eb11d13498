import type { SourceProfile } from "../../contracts/profile";
import type { CsvFileStats } from "../csv-writer";
import type { CsvRows } from "./csv-rows";
import { EncodedCsvWriter, type CsvConventions } from "./encoded-writer";
import type { TableValues } from "./table-values";

/** One column of a foreign file: its header and how a contract row gives its text. */
export interface OutColumn {
  header: string;
  value: (row: readonly string[]) => string;
}

/** A contract column under the source's header, converted to its conventions. */
export function mapped(rows: CsvRows, tv: TableValues, column: string): OutColumn {
  const i = rows.col(column);
  return { header: tv.header(column), value: (row) => tv.value(column, row[i] ?? "") };
}

/** A column the contract does not read (the source's own), computed from the contract row. */
export function extra(header: string, value: (row: readonly string[]) => string): OutColumn {
  return { header, value };
}

/** How files are written for a profile: its delimiter and encoding, and the writer's own line ends and BOM. */
export function conventionsOf(profile: SourceProfile, style: { eol: "\n" | "\r\n"; bom: boolean }): CsvConventions {
  const delimiter = profile.delimiter ?? ",";
  const encoding = profile.encoding ?? "utf-8";
  if (delimiter === "auto") throw new Error("a generated file needs a fixed delimiter");
  if (encoding !== "utf-8" && encoding !== "windows-1252") throw new Error(`the generator writes utf-8 or windows-1252, not ${encoding}`);
  return { delimiter, encoding, ...style };
}

/** Writes every row of a contract file as a foreign file (one row in, one row out). */
export async function writeRows(rows: CsvRows, path: string, conv: CsvConventions, columns: readonly OutColumn[]): Promise<CsvFileStats> {
  const w = await EncodedCsvWriter.open(path, columns.map((c) => c.header), conv);
  try {
    for (let row = await rows.next(); row; row = await rows.next()) {
      const r = row;
      w.row(columns.map((c) => c.value(r)));
      if (w.full) await w.flush();
    }
    return await w.close();
  } catch (err) {
    w.destroy();
    throw err;
  }
}
