/**
 * An independent check of SigV4 query-string signatures (presigned URLs). s3rver accepts any V4
 * signature, so the tests put this in front of it to prove a presigned PUT is bound to its
 * content-type and content-length, the way S3 enforces it.
 */
import { createHash, createHmac } from "node:crypto";

export interface SignedRequest {
  method: string;
  /** Path and query exactly as sent, e.g. "/bucket/key?X-Amz-..." */
  url: string;
  headers: Record<string, string | undefined>;
}

const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const hmac = (key: Buffer | string, s: string) => createHmac("sha256", key).update(s).digest();

export function verifyPresigned(req: SignedRequest, secrets: Record<string, string>, now = Date.now()): { ok: true } | { ok: false; reason: string } {
  const q = req.url.indexOf("?");
  const rawPath = q >= 0 ? req.url.slice(0, q) : req.url;
  const params = (q >= 0 ? req.url.slice(q + 1) : "")
    .split("&")
    .filter(Boolean)
    .map((kv) => {
      const i = kv.indexOf("=");
      const k = decodeURIComponent(i >= 0 ? kv.slice(0, i) : kv);
      const v = decodeURIComponent(i >= 0 ? kv.slice(i + 1).replace(/\+/g, "%20") : "");
      return [k, v] as const;
    });
  const get = (k: string) => params.find(([n]) => n === k)?.[1];
  const signature = get("X-Amz-Signature");
  const credential = get("X-Amz-Credential");
  const date = get("X-Amz-Date");
  const expires = Number(get("X-Amz-Expires"));
  const signed = get("X-Amz-SignedHeaders");
  if (!signature || !credential || !date || !signed || !Number.isFinite(expires)) return { ok: false, reason: "missing auth parameters" };
  const [accessKey, day, region, service] = credential.split("/");
  const secret = secrets[accessKey ?? ""];
  if (!secret || !day || !region || !service) return { ok: false, reason: "unknown access key" };
  const signedAt = Date.parse(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z"));
  if (now > signedAt + expires * 1000) return { ok: false, reason: "expired" };

  const canonicalQuery = params
    .filter(([k]) => k !== "X-Amz-Signature")
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const names = signed.split(";");
  const canonicalHeaders = names.map((n) => `${n}:${(req.headers[n] ?? "").trim().replace(/\s+/g, " ")}\n`).join("");
  const canonical = [req.method, rawPath, canonicalQuery, canonicalHeaders, signed, "UNSIGNED-PAYLOAD"].join("\n");
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", date, scope, sha256(canonical)].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), "aws4_request");
  const expected = createHmac("sha256", key).update(toSign).digest("hex");
  return expected === signature ? { ok: true } : { ok: false, reason: `signature mismatch (signed headers: ${signed})` };
}
