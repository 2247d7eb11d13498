/**
 * RFC 4180 reader for the browser's pre-upload check: quoted fields with commas, doubled quotes and
 * line breaks, LF / CRLF / lone CR line ends, a UTF-8 BOM. It reads a *sample* of a file, so it can
 * stop after `maxRecords` and, when the text is only the start of the file (`final: false`), it leaves
 * out the last record, which may have been cut.
 */
export interface CsvRecord {
  fields: string[];
  /** Physical line (1-based) the record starts on: what a person finds when they open the file. */
  line: number;
  /** Character offset just after the record's line break (or the end of the text). */
  end: number;
}

export interface CsvParseResult {
  records: CsvRecord[];
  /** Characters of `text` covered by `records` (BOM included). */
  consumed: number;
  /** The whole text was read (not stopped by `maxRecords`, no cut record left out). */
  reachedEnd: boolean;
  /** A quoted field was still open at the end of a final text: the file is malformed. */
  unterminatedQuoteLine: number | null;
  /** Lines where text followed a closing quote (`"ab"c`), read leniently as `abc`. */
  strayQuoteLines: number[];
  hasBom: boolean;
}

export interface CsvParseOptions {
  /** The text is the whole file (true) or only its start (false). */
  final: boolean;
  maxRecords?: number;
}

export function parseCsv(text: string, opts: CsvParseOptions): CsvParseResult {
  const hasBom = text.charCodeAt(0) === 0xfeff;
  const max = opts.maxRecords ?? Number.POSITIVE_INFINITY;
  const records: CsvRecord[] = [];
  const strayQuoteLines: number[] = [];
  let i = hasBom ? 1 : 0;
  let line = 1;
  const n = text.length;

  while (i < n && records.length < max) {
    // Blank lines between records carry no data.
    const c0 = text.charCodeAt(i);
    if (c0 === 10 || c0 === 13) {
      i += c0 === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      continue;
    }
    const startLine = line;
    const fields: string[] = [];
    let field = "";
    let ended = false; // saw the record's line break
    let openQuote = false;
    let wasQuoted = false; // the current field began with a quote

    for (;;) {
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === 34 /* " */ && field === "" && !wasQuoted) {
        // Quoted field: read to the closing quote, keeping line breaks.
        openQuote = true;
        wasQuoted = true;
        i++;
        let closed = false;
        while (i < n) {
          const q = text.charCodeAt(i);
          if (q === 34) {
            if (text.charCodeAt(i + 1) === 34) {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (q === 13 || q === 10) {
            if (q === 13 && text.charCodeAt(i + 1) === 10) {
              field += "\r\n";
              i += 2;
            } else {
              field += text[i];
              i++;
            }
            line++;
            continue;
          }
          // Copy a run of ordinary characters at once.
          let j = i + 1;
          while (j < n) {
            const cj = text.charCodeAt(j);
            if (cj === 34 || cj === 13 || cj === 10) break;
            j++;
          }
          field += text.slice(i, j);
          i = j;
        }
        if (!closed) break; // the text ended inside the quotes
        openQuote = false;
        // Anything up to the delimiter after a closing quote is kept (lenient), but noted.
        let j = i;
        while (j < n) {
          const cj = text.charCodeAt(j);
          if (cj === 44 || cj === 13 || cj === 10) break;
          j++;
        }
        if (j > i) {
          field += text.slice(i, j);
          if (strayQuoteLines[strayQuoteLines.length - 1] !== line) strayQuoteLines.push(line);
          i = j;
        }
        continue;
      }
      if (c === 44 /* , */) {
        fields.push(field);
        field = "";
        wasQuoted = false;
        i++;
        continue;
      }
      if (c === 13 || c === 10) {
        i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
        line++;
        ended = true;
        break;
      }
      let j = i + 1;
      while (j < n) {
        const cj = text.charCodeAt(j);
        if (cj === 44 || cj === 13 || cj === 10) break;
        j++;
      }
      field += text.slice(i, j);
      i = j;
    }

    if (openQuote) {
      // Text ended inside a quoted field: a cut sample, or a malformed final file.
      return {
        records,
        consumed: records.length ? records[records.length - 1]!.end : hasBom ? 1 : 0,
        reachedEnd: false,
        unterminatedQuoteLine: opts.final ? startLine : null,
        strayQuoteLines,
        hasBom,
      };
    }
    fields.push(field);
    if (!ended && !opts.final) {
      // The last line of a partial text may continue beyond the sample.
      return { records, consumed: records.length ? records[records.length - 1]!.end : hasBom ? 1 : 0, reachedEnd: false, unterminatedQuoteLine: null, strayQuoteLines, hasBom };
    }
    records.push({ fields, line: startLine, end: i });
  }

  return {
    records,
    consumed: records.length ? records[records.length - 1]!.end : hasBom ? 1 : 0,
    reachedEnd: i >= n,
    unterminatedQuoteLine: null,
    strayQuoteLines,
    hasBom,
  };
}
