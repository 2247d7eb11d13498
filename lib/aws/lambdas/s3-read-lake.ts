import { GetObjectCommand, HeadObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { LakeObject, LakeStorage } from "../../lake/storage";
import { errorName, withRetry, type RetryOptions } from "../retry";

const notFound = (e: unknown) => ["NoSuchKey", "NotFound"].includes(errorName(e)) || (e as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 404;

/**
 * The lake as the functions see it: reads only (get, head), each retried on throttling and server
 * faults. The functions are bundled without the presigner and multipart code of S3LakeStorage.
 */
export function s3ReadLake(s3: S3Client, bucket: string, retry?: RetryOptions): LakeStorage {
  const readOnly = (op: string) => () => Promise.reject(new Error(`${op}: the lake is read-only in this function`));
  return {
    kind: "s3",
    async get(key) {
      const res = await withRetry(() => s3.send(new GetObjectCommand({ Bucket: bucket, Key: key })), retry);
      if (!res.Body) throw new Error(`${key}: empty response`);
      return res.Body.transformToByteArray();
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
    getStart: readOnly("getStart"),
    copy: readOnly("copy"),
    sealUploads: readOnly("sealUploads"),
    list: readOnly("list"),
    put: readOnly("put"),
    delete: readOnly("delete"),
    download: readOnly("download"),
    upload: readOnly("upload"),
    localPath: () => null,
    createUploadTarget: readOnly("createUploadTarget"),
    completeMultipart: readOnly("completeMultipart"),
    abortMultipart: readOnly("abortMultipart"),
  };
}

export { notFound };
