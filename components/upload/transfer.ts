/**
 * Browser side of an upload: PUT each file (or each part) with XMLHttpRequest, because fetch cannot
 * report upload progress. Retries with backoff live in lib/upload-check/retry.
 */
import { AbortedError, TransferError, withRetries } from "@/lib/upload-check";
import type { MultipartCompletion, UploadTargetView } from "@/lib/portal/upload-types";

export interface PutResult {
  etag: string | null;
}

/** One PUT of a blob; `onProgress(loaded)` as bytes leave the browser. */
export function xhrPut(
  url: string,
  body: Blob,
  opts: { headers?: Record<string, string>; signal?: AbortSignal; onProgress?: (loaded: number) => void },
): Promise<PutResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(new AbortedError());
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    for (const [k, v] of Object.entries(opts.headers ?? {})) {
      // The browser sets these itself and refuses to be told.
      if (!/^(content-length|host)$/i.test(k)) xhr.setRequestHeader(k, v);
    }
    const onAbort = () => xhr.abort();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    xhr.upload.onprogress = (e) => opts.onProgress?.(e.loaded);
    xhr.onload = () => {
      opts.signal?.removeEventListener("abort", onAbort);
      if (xhr.status >= 200 && xhr.status < 300) {
        opts.onProgress?.(body.size);
        resolve({ etag: xhr.getResponseHeader("ETag") });
      } else {
        reject(new TransferError(errorMessage(xhr), xhr.status));
      }
    };
    xhr.onerror = () => {
      opts.signal?.removeEventListener("abort", onAbort);
      reject(new TransferError("Network error while sending the file", 0));
    };
    xhr.ontimeout = () => reject(new TransferError("The upload timed out", 408));
    xhr.onabort = () => reject(new AbortedError());
    xhr.send(body);
  });
}

function errorMessage(xhr: XMLHttpRequest): string {
  try {
    const body = JSON.parse(xhr.responseText) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // S3 answers in XML; fall through to the status line.
  }
  return `Storage answered ${xhr.status}${xhr.statusText ? ` ${xhr.statusText}` : ""}`;
}

export interface FileTransferHooks {
  signal: AbortSignal;
  onProgress: (loaded: number) => void;
  onRetry: (attempt: number, message: string) => void;
  /** A fresh target for a retry (local upload URLs are single-use; presigned ones expire). */
  refreshTarget?: () => Promise<UploadTargetView>;
}

/**
 * Sends one file to its target. Single: one PUT (retried). Multipart: every part PUT (each retried,
 * three at a time), ETags collected for the server to complete the upload.
 */
export async function sendFile(file: File, target: UploadTargetView, hooks: FileTransferHooks): Promise<MultipartCompletion | null> {
  const retryOpts = {
    retries: 4,
    signal: hooks.signal,
    onRetry: (attempt: number, e: unknown) => hooks.onRetry(attempt, e instanceof Error ? e.message : String(e)),
  };
  if (target.kind === "single") {
    let current: UploadTargetView = target;
    await withRetries(async (attempt) => {
      hooks.onProgress(0);
      if (attempt > 1 && hooks.refreshTarget) current = await hooks.refreshTarget();
      if (current.kind !== "single") throw new TransferError("The storage target changed kind", 0, false);
      return xhrPut(current.url, file, { headers: current.headers, signal: hooks.signal, onProgress: hooks.onProgress });
    }, retryOpts);
    return null;
  }

  const loaded = new Map<number, number>();
  const report = () => hooks.onProgress([...loaded.values()].reduce((a, b) => a + b, 0));
  const sorted = [...target.parts].sort((a, b) => a.partNumber - b.partNumber);
  const results: { partNumber: number; etag: string }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < sorted.length) {
      const index = next++;
      const part = sorted[index]!;
      const start = index * target.partSize;
      const end = index === sorted.length - 1 ? file.size : Math.min(file.size, start + target.partSize);
      const blob = file.slice(start, end);
      const { etag } = await withRetries(
        () => {
          loaded.set(part.partNumber, 0);
          report();
          return xhrPut(part.url, blob, {
            signal: hooks.signal,
            onProgress: (n) => {
              loaded.set(part.partNumber, n);
              report();
            },
          });
        },
        retryOpts,
      );
      if (!etag) {
        throw new TransferError("Storage did not return an ETag for a part (is the ETag header exposed by CORS?)", 0, false);
      }
      results.push({ partNumber: part.partNumber, etag });
    }
  };
  await Promise.all(Array.from({ length: Math.min(3, sorted.length) }, worker));
  return { key: target.key, uploadId: target.uploadId, parts: results.sort((a, b) => a.partNumber - b.partNumber) };
}

/** Runs tasks with at most `limit` at once; stops starting new ones once the signal aborts. */
export async function runLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<PromiseSettledResult<void>[]> {
  const results: PromiseSettledResult<void>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        await fn(items[i]!);
        results[i] = { status: "fulfilled", value: undefined };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** JSON fetch that turns the API's `{ error: { message } }` into an Error with that message. */
export async function apiJson<T>(url: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { "content-type": "application/json", ...(init?.headers ?? {}) } });
  } catch {
    throw new Error("Cannot reach the portal. Check your connection and try again.");
  }
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  if (!res.ok) {
    const msg = (body as { error?: { message?: string } } | undefined)?.error?.message;
    throw new ApiError(msg ?? `The portal answered ${res.status}`, res.status, body);
  }
  return body as T;
}

export class ApiError extends Error {
  override name = "ApiError";
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
  }
}
