/** Lake storage: the local filesystem implementation and the S3 one both satisfy this. */

/**
 * `raw/` holds what clients sent, as sent: an object there is written once and never replaced (both
 * backends refuse a second write: the local lake creates the file exclusively, S3 gets If-None-Match).
 */
export const isWriteOnceKey = (key: string): boolean => key.startsWith("raw/");

/** A second write to a write-once key. */
export class ObjectExistsError extends Error {
  override name = "ObjectExistsError";
  constructor(readonly key: string) {
    super(`${key} already exists and raw objects are never replaced`);
  }
}
export interface LakeObject {
  key: string;
  size: number;
  lastModified: Date;
}

/** Where and how a browser (or the CLI) sends one file's bytes. */
export type UploadTarget =
  | { kind: "single"; key: string; url: string; method: "PUT"; headers: Record<string, string>; expiresAt: string }
  | { kind: "multipart"; key: string; uploadId: string; partSize: number; parts: { partNumber: number; url: string }[]; expiresAt: string };

export interface CompletedPart {
  partNumber: number;
  etag: string;
}

export interface LakeStorage {
  readonly kind: "local" | "s3";
  put(key: string, body: Uint8Array | string, contentType?: string): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  /** The first `bytes` bytes of an object (all of it when shorter): headers are read without the whole file. */
  getStart(key: string, bytes: number): Promise<Uint8Array>;
  head(key: string): Promise<LakeObject | null>;
  /** Every object under the prefix (all pages). */
  list(prefix: string): Promise<LakeObject[]>;
  delete(key: string): Promise<void>;
  /** Copies an object inside the lake (publishing a staged month): a hard link locally, CopyObject on S3. */
  copy(fromKey: string, toKey: string): Promise<void>;
  /** Copies an object to a local file (jobs stage S3 objects; local storage copies). */
  download(key: string, localPath: string): Promise<void>;
  upload(localPath: string, key: string, contentType?: string): Promise<void>;
  /**
   * A file on this machine with the object's bytes, for readers that need a path (DuckDB): the object
   * itself on the local lake (read it, never write it), else a copy at `<workDir>/<key>`.
   */
  stageIn(key: string, workDir: string): Promise<string>;
  /** Everything under `prefix` becomes the files of `localDir` (a job's output); `localDir` is consumed. */
  replaceWithDir(localDir: string, prefix: string): Promise<void>;
  /**
   * The objects under `from` replace those under `to` (publishing a staged partition). `from` stays, so
   * publishing again after a crash gives the same result. Returns how many objects were published.
   */
  replacePrefix(from: string, to: string): Promise<number>;
  /** Removes every object under the prefix (a run's staging once it is published or superseded). */
  removePrefix(prefix: string): Promise<void>;
  /** Short-lived, single-use target for one file of known size. */
  createUploadTarget(key: string, size: number, contentType: string): Promise<UploadTarget>;
  completeMultipart(key: string, uploadId: string, parts: CompletedPart[]): Promise<void>;
  abortMultipart(key: string, uploadId: string): Promise<void>;
  /**
   * After a batch is cancelled: makes the outstanding upload URLs of these keys write nothing. Local
   * URLs ask the batch's status themselves; presigned S3 URLs cannot be revoked, so every key still
   * empty gets an empty placeholder, and their If-None-Match makes S3 refuse them.
   */
  sealUploads(keys: readonly string[]): Promise<void>;
}
