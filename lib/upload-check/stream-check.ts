import { CSV_LIMITS, textDecoderLabel, type SniffFailure } from "../contracts";
import { failureCheck, planRead } from "./check-file";
import { CsvReader } from "./csv-reader";
import { decideFromHeader, failedCheck, withRows, type CheckContext, type FileCheck, type HeaderDecision } from "./file-check";
import { RowChecker } from "./row-checker";

export const STREAM_CHUNK_BYTES = 4 * 1024 * 1024;

export interface StreamCheckOptions {
  chunkBytes?: number;
  /** Bytes read so far, after each chunk. */
  onProgress?: (bytesRead: number) => void;
  signal?: AbortSignal;
}

export class CheckAborted extends Error {
  override name = "CheckAborted";
}

/**
 * Checks EVERY row of a file, chunk by chunk, in constant memory: the same decisions and rules as
 * `checkFile` on a sample, with an exact row count. Runs in a Web Worker in the browser (check-worker.ts)
 * and directly in tests; any Blob works (a File, or a Blob made in Node).
 */
export async function checkWholeFile(file: Blob, ctx: CheckContext, opts: StreamCheckOptions = {}): Promise<FileCheck> {
  const chunk = opts.chunkBytes ?? STREAM_CHUNK_BYTES;
  if (file.size === 0) return failedCheck(ctx, "empty", "The file is empty: a CSV needs at least a header row.");
  const head = new Uint8Array(await file.slice(0, Math.min(file.size, CSV_LIMITS.maxHeaderBytes + 4096)).arrayBuffer());
  const plan = planRead(head, ctx.profile ?? null);
  if (!plan.ok) return failureCheck(ctx, plan.failure);
  const encoding = plan.format.encoding === "auto" ? plan.detected.encoding : plan.format.encoding;
  const delimiter = plan.format.delimiter === "auto" ? plan.detected.delimiter : plan.format.delimiter;

  let decision: HeaderDecision | null = null;
  let checker: RowChecker | null = null;
  const maxChecked = ctx.maxCheckedRows ?? Number.POSITIVE_INFINITY;
  let dataRows = 0;
  const reader = new CsvReader(delimiter, encoding, (r) => {
    if (!decision) {
      decision = decideFromHeader(ctx, { encoding, delimiter, hasBom: hasBom(head, encoding), header: r.fields }, { encoding: plan.detected.encoding, delimiter: plan.detected.delimiter });
      if (plan.note) decision.check.issues.unshift(plan.note);
      if (plan.mismatch) decision.check.issues.unshift(plan.mismatch);
      else if (decision.checkRows) checker = new RowChecker(decision.plans, r.fields, decision.rowOptions);
      return;
    }
    dataRows++;
    if (checker && dataRows <= maxChecked) checker.add(r);
  }, plan.headerLine - 1);

  const decoder = new TextDecoder(textDecoderLabel(encoding, head), { fatal: encoding === "utf-8" });
  let offset = 0;
  try {
    while (offset < file.size && !reader.stoppedEarly) {
      if (opts.signal?.aborted) throw new CheckAborted();
      const bytes = new Uint8Array(await file.slice(offset, offset + chunk).arrayBuffer());
      offset += bytes.length;
      reader.push(decoder.decode(bytes, { stream: true }), false);
      opts.onProgress?.(offset);
    }
    if (!reader.stoppedEarly) reader.push(decoder.decode(), true);
  } catch (e) {
    if (e instanceof CheckAborted) throw e;
    if (e instanceof TypeError) {
      const f: SniffFailure = { ok: false, rule: "encoding", message: "" };
      return failureCheck(ctx, f, plan.detected);
    }
    throw e;
  }
  const d = decision as HeaderDecision | null;
  if (!d) return failedCheck(ctx, "empty", "No complete header row was found at the start of the file.");
  const c = checker as RowChecker | null;
  return withRows(d, c ? c.result() : null, reader.state, { rows: dataRows, exact: reader.state.reachedEnd });
}

function hasBom(b: Uint8Array, encoding: string): boolean {
  if (encoding === "utf-8") return b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;
  return encoding === "utf-16" && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff));
}
