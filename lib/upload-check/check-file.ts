import { BINARY_MESSAGE, sniffCsv, type ConcreteDelimiter, type Encoding, type SniffFailure, type SourceProfile } from "../contracts";
import { decideFromHeader, failedCheck, withRows, type CheckContext, type FileCheck, type FileIssue } from "./file-check";
import { RowChecker } from "./row-checker";
import { parseSample, type ParsedSample, type ReadFormat } from "./sample";

export interface CheckInput extends CheckContext {
  /** The first bytes of the file (or all of it). */
  bytes: Uint8Array;
  /** `bytes` is the whole file. */
  complete: boolean;
}

/** How the batch's profile reads files; without one, the contract's UTF-8 and commas. */
export function readFormatOf(profile: SourceProfile | null | undefined): ReadFormat {
  return { encoding: profile?.encoding ?? "utf-8", delimiter: profile?.delimiter ?? "," };
}

export const DELIMITER_NAMES: Record<ConcreteDelimiter, string> = { ",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe" };
export const ENCODING_NAMES: Record<Encoding, string> = { "utf-8": "UTF-8", "windows-1252": "Windows-1252", latin1: "Latin-1 (ISO-8859-1)", "utf-16": "UTF-16" };

/** What reading the start of a file decides before any row: the detected format, the one to read with, a mismatch. */
export type ReadPlan =
  | {
      ok: true; detected: { encoding: Encoding; delimiter: ConcreteDelimiter; header: string[] }; format: ReadFormat; mismatch: FileIssue | null;
      /** The header's line: 2 after an Excel `sep=;` line, which is skipped. */
      headerLine: number;
      /** A warning about the format that does not stop the rows' check (a `sep=` line over the profile's delimiter). */
      note: FileIssue | null;
    }
  | { ok: false; failure: SniffFailure };

export function planRead(head: Uint8Array, profile: SourceProfile | null): ReadPlan {
  const sniffed = sniffCsv(head, { encoding: "auto", delimiter: "auto" });
  if (!sniffed.ok) return { ok: false, failure: sniffed };
  const detected = { encoding: sniffed.encoding, delimiter: sniffed.delimiter, header: sniffed.header };
  const headerLine = sniffed.headerLine;
  // The contract reads UTF-8 and commas only; anything else needs a profile, never a silent guess. A
  // delimiter the file names itself (Excel's `sep=;` line) is no guess: it is read so, profile or not.
  const otherDelimiter = detected.delimiter !== "," && !sniffed.sepLine;
  if (!profile && (detected.encoding !== "utf-8" || otherDelimiter)) {
    const parts = [
      otherDelimiter ? `separated by ${DELIMITER_NAMES[detected.delimiter]}s (“${show(detected.delimiter)}”)` : null,
      detected.encoding !== "utf-8" ? `encoded as ${ENCODING_NAMES[detected.encoding]}` : null,
    ].filter(Boolean);
    return {
      ok: true,
      detected,
      format: { encoding: detected.encoding, delimiter: detected.delimiter },
      headerLine,
      note: null,
      mismatch: {
        level: "error",
        code: "format",
        message: `This file is ${parts.join(" and ")}; the contract reads comma-separated UTF-8. Map it once: the mapping is saved as your shop’s profile.`,
      },
    };
  }
  const format = readFormatOf(profile);
  // The file's own sep= line wins over the profile's delimiter, as in job 1 (lib/contracts/sniff.ts says why).
  const overridden = sniffed.sepLine !== null && format.delimiter !== "auto" && format.delimiter !== sniffed.sepLine;
  const note: FileIssue | null = overridden
    ? { level: "warning", code: "header", message: `The file’s first line “sep=${show(sniffed.sepLine!)}” names its delimiter: it is read with “${show(sniffed.sepLine!)}”, not with your profile’s “${show(format.delimiter as ConcreteDelimiter)}”.` }
    : null;
  return { ok: true, detected, format: sniffed.sepLine ? { ...format, delimiter: sniffed.sepLine } : format, mismatch: null, headerLine, note };
}

const show = (d: ConcreteDelimiter) => (d === "\t" ? "\\t" : d);

/** The issue for a file that cannot be read at all. */
export function failureCheck(ctx: CheckContext, f: SniffFailure, detected?: { encoding: Encoding; delimiter: ConcreteDelimiter; header: string[] }): FileCheck {
  const text: Record<SniffFailure["rule"], string> = {
    empty: "The file is empty: a CSV needs at least a header row.",
    // A workbook, an archive or a PDF is named (sniffCsv knows them by their first bytes).
    binary: f.message === BINARY_MESSAGE ? "This is not a text file. Export the table as CSV." : `${f.message.charAt(0).toUpperCase()}${f.message.slice(1)}.`,
    encoding: `The file is not ${ENCODING_NAMES[(ctx.profile?.encoding ?? "utf-8") as Encoding]} text${detected ? ` (it looks like ${ENCODING_NAMES[detected.encoding]})` : ""}. Map it to read another encoding, or save it as “CSV UTF-8”.`,
    header: "The first row is not a CSV header.",
    limits: `This file is over a CSV limit: ${f.message}.`,
  };
  return failedCheck(ctx, f.rule === "limits" ? "limits" : f.rule, text[f.rule], {
    header: detected?.header ?? [],
    detectedFormat: detected ? { encoding: detected.encoding, delimiter: detected.delimiter } : null,
  });
}

/** The start of a file read once (it depends on the profile's encoding and delimiter only, not on the month). */
export type SampleRead =
  | { ok: false; failure: SniffFailure; detected?: { encoding: Encoding; delimiter: ConcreteDelimiter; header: string[] } }
  | { ok: true; plan: Extract<ReadPlan, { ok: true }>; sample: ParsedSample; complete: boolean };

export function readSampleFile(bytes: Uint8Array, complete: boolean, profile: SourceProfile | null, maxRows = 1000): SampleRead {
  if (bytes.length === 0) return { ok: false, failure: { ok: false, rule: "empty", message: "the file is empty" } };
  const plan = planRead(bytes, profile);
  if (!plan.ok) return { ok: false, failure: plan.failure };
  const sample = parseSample(bytes, complete, plan.format, maxRows);
  if (!sample.ok) return { ok: false, failure: sample, detected: plan.detected };
  return { ok: true, plan, sample, complete };
}

/**
 * Checks the start of a file (or all of it) through the batch's profile, exactly as the jobs will read
 * it: shape limits first, then encoding and delimiter, tables and columns, then the rows' values.
 * Pure: the page and the tests call it; the whole file is checked in a worker (stream-check.ts).
 */
export function checkFile(input: CheckInput): FileCheck {
  return checkSample(readSampleFile(input.bytes, input.complete, input.profile ?? null, input.maxCheckedRows ?? 1000), input);
}

export function checkSample(read: SampleRead, ctx: CheckContext): FileCheck {
  if (!read.ok) return failureCheck(ctx, read.failure, read.detected);
  const { plan, sample } = read;
  const decision = decideFromHeader(ctx, sample, { encoding: plan.detected.encoding, delimiter: plan.detected.delimiter });
  let rows: number | null = null;
  const exact = read.complete && sample.reader.reachedEnd;
  if (exact) rows = sample.dataRecords;
  else if (sample.dataRecords > 0) {
    const perRow = Math.max(1, sample.consumedBytes - sample.headerBytes) / sample.dataRecords;
    rows = Math.max(sample.dataRecords, Math.round((ctx.size - sample.headerBytes) / perRow));
  }
  if (plan.note) decision.check.issues.unshift(plan.note);
  if (plan.mismatch) {
    decision.check.issues.unshift(plan.mismatch);
    return withRows(decision, null, sample.reader, { rows, exact });
  }
  let result = null;
  if (decision.checkRows) {
    const checker = new RowChecker(decision.plans, sample.header, decision.rowOptions);
    for (const r of sample.rows.slice(0, ctx.maxCheckedRows ?? 1000)) checker.add(r);
    result = checker.result();
  }
  return withRows(decision, result, sample.reader, { rows, exact });
}
