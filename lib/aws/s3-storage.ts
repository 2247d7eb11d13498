import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { isWriteOnceKey, ObjectExistsError, type CompletedPart, type LakeObject, type LakeStorage, type UploadTarget } from "../lake/storage";
import { downloadUnder, removeObjects, replaceObjects, replaceObjectsWithDir } from "../lake/object-store-replace";
import { errorName, withRetry, type RetryOptions } from "./retry";

const MiB = 1024 * 1024;
/** S3's limits: parts of at least 5 MiB (except the last), at most 10 000 parts. */
const MIN_PART = 5 * MiB;
const MAX_PARTS = 10_000;

export interface S3LakeOptions {
  bucket: string;
  region: string;
  /** Any S3-compatible endpoint (MinIO, s3rver…); AWS when absent. */
  endpoint?: string;
  forcePathStyle?: boolean;
  credentials?: S3ClientConfig["credentials"];
  multipartThreshold?: number;
  partSize?: number;
  urlTtlSeconds?: number;
  /** Keys per ListObjectsV2 page (S3's default 1000); tests lower it to exercise paging. */
  listPageSize?: number;
  retry?: RetryOptions;
  /** Tests pass their own client; otherwise one is built from the options. */
  client?: S3Client;
}

/** The lake on S3: same keys as the local lake; browsers upload straight to S3 with presigned URLs. */
export class S3LakeStorage implements LakeStorage {
  readonly kind = "s3" as const;
  readonly bucket: string;
  private readonly client: S3Client;
  private readonly threshold: number;
  private readonly partSize: number;
  private readonly ttl: number;

  constructor(private readonly opts: S3LakeOptions) {
    this.bucket = opts.bucket;
    this.threshold = opts.multipartThreshold ?? 64 * MiB;
    this.partSize = Math.max(MIN_PART, opts.partSize ?? 16 * MiB);
    this.ttl = opts.urlTtlSeconds ?? 900;
    this.client =
      opts.client ??
      new S3Client({
        region: opts.region,
        endpoint: opts.endpoint,
        forcePathStyle: opts.forcePathStyle ?? Boolean(opts.endpoint),
        credentials: opts.credentials,
        // Checksums computed over an empty body would be baked into presigned URLs and break the
        // browser's PUT; S3 still verifies Content-MD5/SigV4 where they are sent.
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
      });
  }

  stageIn(key: string, workDir: string): Promise<string> {
    return downloadUnder(this, key, workDir);
  }

  replaceWithDir(localDir: string, prefix: string): Promise<void> {
    return replaceObjectsWithDir(this, localDir, prefix);
  }

  replacePrefix(from: string, to: string): Promise<number> {
    return replaceObjects(this, from, to);
  }

  removePrefix(prefix: string): Promise<void> {
    return removeObjects(this, prefix);
  }

  private call<T>(fn: () => Promise<T>): Promise<T> {
    return withRetry(fn, this.opts.retry);
  }

  async put(key: string, body: Uint8Array | string, contentType?: string): Promise<void> {
    await this.writeOnce(key, () =>
      this.call(() =>
        this.client.send(
          new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType ?? guessType(key), ...createOnly(key) }),
        ),
      ),
    );
  }

  /** S3 answers 412 (or 409 when two writes race) to a conditional write whose key exists. */
  private async writeOnce<T>(key: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isWriteOnceKey(key) && isPreconditionFailure(e)) throw new ObjectExistsError(key);
      throw e;
    }
  }

  async get(key: string): Promise<Uint8Array> {
    const res = await this.call(() => this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })));
    if (!res.Body) throw new Error(`Empty body for s3://${this.bucket}/${key}`);
    return res.Body.transformToByteArray();
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    // URL-encoded as S3 asks, but `=` (every partition folder has one) left as it is: S3 reads both, and
    // S3-compatible servers that decode the header with decodeURI (s3rver) would keep "%3D".
    const source = `${this.bucket}/${fromKey.split("/").map((seg) => encodeURIComponent(seg).replaceAll("%3D", "=")).join("/")}`;
    await this.call(() => this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: toKey, CopySource: source })));
  }

  async getStart(key: string, bytes: number): Promise<Uint8Array> {
    if (bytes <= 0) return new Uint8Array();
    // A range past the end answers the whole (shorter) object; an empty object has no range to answer.
    const size = (await this.head(key))?.size;
    if (size === 0) return new Uint8Array();
    const res = await this.call(() => this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: `bytes=0-${bytes - 1}` })));
    if (!res.Body) throw new Error(`Empty body for s3://${this.bucket}/${key}`);
    return res.Body.transformToByteArray();
  }

  async head(key: string): Promise<LakeObject | null> {
    try {
      const res = await this.call(() => this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key })));
      return { key, size: res.ContentLength ?? 0, lastModified: res.LastModified ?? new Date(0) };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async list(prefix: string): Promise<LakeObject[]> {
    const out: LakeObject[] = [];
    let token: string | undefined;
    do {
      const page = await this.call(() =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: this.opts.listPageSize })),
      );
      for (const o of page.Contents ?? []) {
        if (o.Key) out.push({ key: o.Key, size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async delete(key: string): Promise<void> {
    await this.call(() => this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })));
  }

  async download(key: string, localPath: string): Promise<void> {
    await mkdir(path.dirname(localPath), { recursive: true });
    const res = await this.call(() => this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })));
    if (!(res.Body instanceof Readable)) throw new Error(`Expected a stream body for s3://${this.bucket}/${key}`);
    // Write then rename: a crashed download never leaves a truncated file under the final name.
    const tmp = `${localPath}.${process.pid}.part`;
    try {
      await pipeline(res.Body, createWriteStream(tmp));
      await rename(tmp, localPath);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async upload(localPath: string, key: string, contentType?: string): Promise<void> {
    const { size } = await stat(localPath);
    const type = contentType ?? guessType(key);
    if (size <= this.threshold) {
      await this.writeOnce(key, () =>
        this.call(() =>
          this.client.send(
            new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: createReadStream(localPath), ContentLength: size, ContentType: type, ...createOnly(key) }),
          ),
        ),
      );
      return;
    }
    await this.uploadMultipart(localPath, key, size, type);
  }

  private async uploadMultipart(localPath: string, key: string, size: number, contentType: string): Promise<void> {
    const partSize = this.partSizeFor(size);
    const created = await this.call(() =>
      this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType })),
    );
    const uploadId = created.UploadId;
    if (!uploadId) throw new Error("S3 returned no UploadId");
    const fh = await open(localPath, "r");
    try {
      const parts: CompletedPart[] = [];
      for (let partNumber = 1, offset = 0; offset < size; partNumber++, offset += partSize) {
        const length = Math.min(partSize, size - offset);
        const buf = Buffer.alloc(length);
        await fh.read(buf, 0, length, offset);
        const res = await this.call(() =>
          this.client.send(
            new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: buf, ContentLength: length }),
          ),
        );
        if (!res.ETag) throw new Error(`S3 returned no ETag for part ${partNumber}`);
        parts.push({ partNumber, etag: res.ETag });
      }
      await this.completeMultipart(key, uploadId, parts);
    } catch (e) {
      await this.abortMultipart(key, uploadId).catch(() => undefined);
      throw e;
    } finally {
      await fh.close();
    }
  }

  async createUploadTarget(key: string, size: number, contentType: string): Promise<UploadTarget> {
    const expiresAt = new Date(Date.now() + this.ttl * 1000).toISOString();
    if (size <= this.threshold) {
      const writeOnce = isWriteOnceKey(key);
      const cmd = new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentType: contentType, ContentLength: size, ...createOnly(key) });
      // The headers are signed: S3 rejects a PUT whose type or byte count differs from what was granted,
      // and (If-None-Match) one to a key that already holds an object. Once the file is there, or the
      // batch is sealed (sealUploads), the URL can write nothing.
      const url = await getSignedUrl(this.client, cmd, {
        expiresIn: this.ttl,
        signableHeaders: new Set(["content-type", "content-length", ...(writeOnce ? ["if-none-match"] : [])]),
      });
      const headers: Record<string, string> = { "content-type": contentType, ...(writeOnce ? { "if-none-match": "*" } : {}) };
      return { kind: "single", key, url, method: "PUT", headers, expiresAt };
    }
    const created = await this.call(() =>
      this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: contentType })),
    );
    const uploadId = created.UploadId;
    if (!uploadId) throw new Error("S3 returned no UploadId");
    const partSize = this.partSizeFor(size);
    const count = Math.ceil(size / partSize);
    const parts: { partNumber: number; url: string }[] = [];
    for (let partNumber = 1; partNumber <= count; partNumber++) {
      const length = Math.min(partSize, size - (partNumber - 1) * partSize);
      const cmd = new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, ContentLength: length });
      const url = await getSignedUrl(this.client, cmd, { expiresIn: this.ttl, signableHeaders: new Set(["content-length"]) });
      parts.push({ partNumber, url });
    }
    return { kind: "multipart", key, uploadId, partSize, parts, expiresAt };
  }

  async completeMultipart(key: string, uploadId: string, parts: CompletedPart[]): Promise<void> {
    const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
    await this.writeOnce(key, () =>
      this.call(() =>
        this.client.send(
          new CompleteMultipartUploadCommand({
            Bucket: this.bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: { Parts: sorted.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })) },
            ...createOnly(key),
          }),
        ),
      ),
    );
  }

  async abortMultipart(key: string, uploadId: string): Promise<void> {
    try {
      await this.call(() => this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId })));
    } catch (e) {
      // Already completed or aborted: the goal (no dangling upload) is met. Some S3-compatible servers
      // do not implement abort; the bucket's lifecycle rule removes incomplete uploads there.
      if (!["NoSuchUpload", "MethodNotAllowed", "NotImplemented"].includes(errorName(e))) throw e;
    }
  }

  async sealUploads(keys: readonly string[]): Promise<void> {
    for (const key of keys) {
      if (!isWriteOnceKey(key) || (await this.head(key))) continue;
      try {
        // Tagged so a lifecycle rule can remove placeholders once every URL has expired.
        await this.call(() =>
          this.client.send(
            new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: "", ContentType: "text/csv", IfNoneMatch: "*", Tagging: "shoplake-sealed=cancelled" }),
          ),
        );
      } catch (e) {
        if (!isPreconditionFailure(e)) throw e; // the file arrived meanwhile: sealed all the same
      }
    }
  }

  private partSizeFor(size: number): number {
    return Math.max(this.partSize, Math.ceil(size / MAX_PARTS));
  }
}

/** Raw keys are created, never replaced: S3's conditional write. */
const createOnly = (key: string): { IfNoneMatch?: string } => (isWriteOnceKey(key) ? { IfNoneMatch: "*" } : {});

function isPreconditionFailure(e: unknown): boolean {
  const name = errorName(e);
  const status = (e as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return name === "PreconditionFailed" || name === "ConditionalRequestConflict" || status === 412;
}

function isNotFound(e: unknown): boolean {
  const name = errorName(e);
  const status = (e as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
  return name === "NotFound" || name === "NoSuchKey" || status === 404;
}

function guessType(key: string): string {
  if (key.endsWith(".csv")) return "text/csv";
  if (key.endsWith(".json")) return "application/json";
  if (key.endsWith(".parquet")) return "application/vnd.apache.parquet";
  return "application/octet-stream";
}
