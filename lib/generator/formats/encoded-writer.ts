import type { WriteStream } from "node:fs";
import { ChunkedFileWriter } from "../chunked-file";
import { writeWindows1252 } from "./windows-1252";

export interface CsvConventions {
  delimiter: "," | ";" | "\t" | "|";
  encoding: "utf-8" | "windows-1252";
  eol: "\n" | "\r\n";
  /** A UTF-8 byte order mark first, as spreadsheet-friendly exports write it. */
  bom: boolean;
}

/**
 * A CSV file in a shop's conventions: its delimiter, encoding and line ends; RFC 4180 quoting
 * (a field holding the delimiter, a quote or a line break is quoted, inner quotes doubled).
 */
export class EncodedCsvWriter extends ChunkedFileWriter {
  private readonly needsQuotes: RegExp;

  private constructor(
    path: string,
    stream: WriteStream,
    private readonly conv: CsvConventions,
  ) {
    super(path, stream);
    this.needsQuotes = new RegExp(`["\\r\\n${conv.delimiter === "|" ? "\\|" : conv.delimiter}]`);
  }

  static async open(path: string, header: readonly string[], conv: CsvConventions): Promise<EncodedCsvWriter> {
    const w = new EncodedCsvWriter(path, await ChunkedFileWriter.openStream(path), conv);
    if (conv.bom && conv.encoding === "utf-8") w.append("\uFEFF");
    w.append(w.line(header));
    return w;
  }

  private field(v: string): string {
    return this.needsQuotes.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  }

  private line(values: readonly string[]): string {
    let s = "";
    for (let i = 0; i < values.length; i++) s += (i > 0 ? this.conv.delimiter : "") + this.field(values[i] as string);
    return s + this.conv.eol;
  }

  row(values: readonly string[]): void {
    this.append(this.line(values));
    this.rowCount++;
  }

  // 3 bytes per UTF-16 unit is the UTF-8 worst case; Windows-1252 is one byte per unit.
  protected worstBytes(text: string): number {
    return this.conv.encoding === "utf-8" ? text.length * 3 : text.length;
  }

  protected encodeInto(text: string, buf: Buffer, pos: number): number {
    return this.conv.encoding === "utf-8" ? buf.write(text, pos, "utf8") : writeWindows1252(text, buf, pos);
  }
}
