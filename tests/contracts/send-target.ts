/**
 * Sends a file to an UploadTarget the way the portal's browser code and the CLI do: one PUT with the
 * granted headers, or one PUT per part (collecting ETags, which the bucket's CORS exposes) followed by
 * completeMultipart. Tests use it against real servers.
 */
import type { LakeStorage, UploadTarget } from "@/lib/lake/storage";

export interface SendOptions {
  fetchImpl?: typeof fetch;
  /** Extra request headers, e.g. an Origin to exercise CORS. */
  extraHeaders?: Record<string, string>;
}

export async function sendToTarget(storage: LakeStorage, target: UploadTarget, bytes: Uint8Array, opts: SendOptions = {}): Promise<void> {
  const f = opts.fetchImpl ?? fetch;
  if (target.kind === "single") {
    const res = await f(target.url, { method: target.method, headers: { ...target.headers, ...opts.extraHeaders }, body: new Uint8Array(bytes) });
    if (!res.ok) throw new Error(`PUT failed: ${res.status} ${await res.text()}`);
    return;
  }
  const parts: { partNumber: number; etag: string }[] = [];
  try {
    for (const p of target.parts) {
      const start = (p.partNumber - 1) * target.partSize;
      const res = await f(p.url, { method: "PUT", headers: { ...opts.extraHeaders }, body: new Uint8Array(bytes.subarray(start, Math.min(bytes.length, start + target.partSize))) });
      if (!res.ok) throw new Error(`part ${p.partNumber} failed: ${res.status} ${await res.text()}`);
      const etag = res.headers.get("etag");
      if (!etag) throw new Error(`part ${p.partNumber}: no ETag header`);
      parts.push({ partNumber: p.partNumber, etag });
    }
    await storage.completeMultipart(target.key, target.uploadId, parts);
  } catch (e) {
    await storage.abortMultipart(target.key, target.uploadId);
    throw e;
  }
}
