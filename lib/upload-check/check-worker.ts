/**
 * Web Worker: checks every row of a large file off the page's thread (checkWholeFile), reporting
 * progress. One request per worker; the page terminates it to cancel.
 */
import { checkWholeFile } from "./stream-check";
import type { CheckContext, FileCheck } from "./file-check";

export interface CheckWorkerRequest {
  file: Blob;
  ctx: CheckContext;
}

export type CheckWorkerMessage = { type: "progress"; bytesRead: number } | { type: "done"; check: FileCheck } | { type: "error"; message: string };

const post = (m: CheckWorkerMessage) => self.postMessage(m);

self.onmessage = async (e: MessageEvent<CheckWorkerRequest>) => {
  let last = 0;
  try {
    const check = await checkWholeFile(e.data.file, e.data.ctx, {
      onProgress: (bytesRead) => {
        const now = Date.now();
        if (now - last > 300) {
          last = now;
          post({ type: "progress", bytesRead });
        }
      },
    });
    post({ type: "done", check });
  } catch (err) {
    post({ type: "error", message: err instanceof Error ? err.message : String(err) });
  }
};
