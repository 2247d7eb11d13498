import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { lakeKeys } from "../../lake/keys";
import type { LakeObject, LakeStorage } from "../../lake/storage";
import { errorName, withRetry, type RetryOptions } from "../retry";

const notFound = (e: unknown) => ["NoSuchKey", "NotFound"].includes(errorName(e)) || (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404;
/** A Range GET of an empty object: S3 answers 416 InvalidRange (there is no first byte). */
const emptyRange = (e: unknown) => errorName(e) === "InvalidRange" || (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 416;

/** The only keys the functions write: a run's reports (the plan, the gate's decision, the summary). */
export const WRITABLE_PREFIX = lakeKeys.reports("").slice(0, -1);

/**
 * The lake as the functions see it: reads (get, the first bytes of a file, head) and writes under
 * processed/_reports/ only, each retried on throttling and server faults. The functions are bundled
 * without the presigner and multipart code of S3LakeStorage; what they never do is refused.
 */
export function s3ReadLake(s3: S3Client, bucket: string, retry?: RetryOptions): LakeStorage {
  const refused = (op: string) => () => Promise.reject(new Error(`${op}: not allowed to this function (it reads the lake and writes reports only)`));
  return {
    kind: "s3",
    async get(key) {
      const res = await withRetry(() => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })), retry);
      if (!res.Body) throw new Error(`${key}: empty response`);
      return res.Body.transformToByteArray();
    },
    async getStart(key, bytes) {
      if (bytes <= 0) return new Uint8Array();
      try {
        // One request: a range past the end answers the whole (shorter) object.
        const res = await withRetry(() => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${bytes - 1}` })), retry);
        if (!res.Body) throw new Error(`${key}: empty response`);
        return res.Body.transformToByteArray();
      } catch (e) {
        if (emptyRange(e)) return new Uint8Array();
        throw e;
      }
    },
    async head(key): Promise<LakeObject | null> {
      try {
        const res = await withRetry(() => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })), retry);
        return { key, size: res.ContentLength ?? 0, lastModified: res.LastModified ?? new Date(0) };
      } catch (e) {
        if (notFound(e)) return null;
        throw e;
      }
    },
    async put(key, body, contentType) {
      if (!key.startsWith(WRITABLE_PREFIX)) throw new Error(`put ${key}: this function writes under ${WRITABLE_PREFIX} only`);
      await withRetry(() => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType ?? "application/json" })), retry);
    },
    list: refused("list"),
    delete: refused("delete"),
    copy: refused("copy"),
    download: refused("download"),
    upload: refused("upload"),
    stageIn: refused("stageIn"),
    replaceWithDir: refused("replaceWithDir"),
    replacePrefix: refused("replacePrefix"),
    removePrefix: refused("removePrefix"),
    createUploadTarget: refused("createUploadTarget"),
    completeMultipart: refused("completeMultipart"),
    abortMultipart: refused("abortMultipart"),
    sealUploads: refused("sealUploads"),
  };
}

export { notFound };
