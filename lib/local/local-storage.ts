import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, link, mkdir, open, readFile, readdir, rename, rm, stat, statfs, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { isWriteOnceKey, ObjectExistsError, type LakeObject, type LakeStorage, type UploadTarget } from "../lake/storage";
import { signUploadToken } from "../lake/upload-token";
import { AppError } from "../errors";
import { formatBytes } from "../format";

/** Lake on the local filesystem: keys are paths under `root`; uploads go through the app's signed URLs. */
export class LocalLakeStorage implements LakeStorage {
  readonly kind = "local" as const;

  constructor(
    readonly root: string,
    private readonly opts: { uploadBaseUrl: string; secret: string; ttlSeconds?: number; /** Kept free by uploads (LOCAL_MIN_FREE_DISK_MB). */ minFreeBytes?: number },
  ) {}

  /** The file of a key (local implementations read the lake in place; the pipeline asks stageIn). */
  localPath(key: string): string {
    const p = path.resolve(this.root, key);
    if (!p.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`Key escapes the lake: ${key}`);
    return p;
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    const p = this.localPath(key);
    await mkdir(path.dirname(p), { recursive: true });
    // Write then rename: a reader never sees half an object (the manifest trigger relies on it).
    const tmp = `${p}.${process.pid}.${Date.now()}.part`;
    await writeFile(tmp, body);
    await this.publish(tmp, p, key);
  }

  /**
   * Moves a finished temporary file to its key. Raw keys are created exclusively (a hard link fails
   * if the name exists), so a raw object is written once; other keys are replaced atomically.
   */
  async publish(tmp: string, target: string, key: string): Promise<void> {
    if (!isWriteOnceKey(key)) return rename(tmp, target);
    try {
      await link(tmp, target);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") throw new ObjectExistsError(key);
      throw e;
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async get(key: string): Promise<Uint8Array> {
    return readFile(this.localPath(key));
  }

  async getStart(key: string, bytes: number): Promise<Uint8Array> {
    const fh = await open(this.localPath(key), "r");
    try {
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await fh.read(buf, 0, bytes, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  async head(key: string): Promise<LakeObject | null> {
    try {
      const s = await stat(this.localPath(key));
      return s.isFile() ? { key, size: s.size, lastModified: s.mtime } : null;
    } catch {
      return null;
    }
  }

  async list(prefix: string): Promise<LakeObject[]> {
    const out: LakeObject[] = [];
    const rootAbs = path.resolve(this.root);
    // Walk only the deepest directory the prefix names, then filter by the full prefix.
    const dirPart = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/") + 1) : "";
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const abs = path.join(dir, e.name);
        if (e.isDirectory()) await walk(abs);
        else if (e.isFile() && !e.name.endsWith(".part")) {
          const key = path.relative(rootAbs, abs).split(path.sep).join("/");
          if (key.startsWith(prefix)) {
            const s = await stat(abs);
            out.push({ key, size: s.size, lastModified: s.mtime });
          }
        }
      }
    };
    await walk(path.join(rootAbs, dirPart));
    return out.sort((a, b) => a.key.localeCompare(b.key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.localPath(key), { force: true });
  }

  async copy(fromKey: string, toKey: string): Promise<void> {
    const to = this.localPath(toKey);
    await mkdir(path.dirname(to), { recursive: true });
    await rm(to, { force: true });
    // Objects are never modified in place (put writes a new file), so a link is a copy that costs nothing.
    await link(this.localPath(fromKey), to).catch(() => copyFile(this.localPath(fromKey), to));
  }

  /** The object itself: jobs read the local lake in place. */
  async stageIn(key: string): Promise<string> {
    const p = this.localPath(key);
    if (!(await stat(p).catch(() => null))?.isFile()) throw new Error(`no object ${key} in the lake`);
    return p;
  }

  /** A directory swap: readers see the old or the new partition, never half of one. */
  async replaceWithDir(localDir: string, prefix: string): Promise<void> {
    await this.swapInto(this.localPath(prefix), async (fresh) => {
      await rm(fresh, { recursive: true, force: true });
      await rename(localDir, fresh);
    });
  }

  async replacePrefix(from: string, to: string): Promise<number> {
    const staged = await this.list(from);
    await this.swapInto(this.localPath(to), async (fresh) => {
      for (const o of staged) {
        const dest = path.join(fresh, o.key.slice(from.length));
        await mkdir(path.dirname(dest), { recursive: true });
        // Objects are never modified in place, so a hard link is a copy that costs nothing.
        await link(this.localPath(o.key), dest).catch(() => copyFile(this.localPath(o.key), dest));
      }
    });
    return staged.length;
  }

  async removePrefix(prefix: string): Promise<void> {
    await rm(this.localPath(prefix), { recursive: true, force: true });
  }

  /**
   * Fills a fresh folder beside the lake (never inside a table, where readers' globs would see it), then
   * swaps it with the target.
   */
  private async swapInto(target: string, fill: (fresh: string) => Promise<void>): Promise<void> {
    const work = this.localPath(`.publish/${process.pid}-${randomUUID()}/`);
    const fresh = path.join(work, "new");
    const old = path.join(work, "old");
    await mkdir(fresh, { recursive: true });
    try {
      await fill(fresh);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(target, old).catch((e: NodeJS.ErrnoException) => {
        if (e.code !== "ENOENT") throw e;
      });
      await rename(fresh, target);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  /**
   * The local backend's signed upload URL writes here: exactly `size` bytes, or nothing. Raw files are
   * written once (a hard link fails when the name exists); a retry of a PUT whose answer was lost sends
   * the same bytes again, which is accepted, and different bytes are refused.
   */
  async ensureRoom(bytes: number, pending = 0): Promise<void> {
    await mkdir(this.root, { recursive: true });
    const fs = await statfs(this.root);
    const free = fs.bavail * fs.bsize;
    const reserve = this.opts.minFreeBytes ?? 0;
    if (free - pending - bytes < reserve) {
      const others = pending > 0 ? ` (with ${formatBytes(pending)} of other uploads still on their way)` : "";
      throw new AppError(
        507,
        "insufficient_storage",
        `The server's disk has ${formatBytes(free)} free: ${formatBytes(bytes)} more would leave less than the ${formatBytes(reserve)} it keeps free${others}. Ask an administrator to free space, then upload again.`,
      );
    }
  }

  async receiveUpload(key: string, source: AsyncIterable<Uint8Array>, size: number, id: string, beforeWrite?: () => Promise<void>): Promise<number> {
    const target = this.localPath(key);
    await mkdir(path.dirname(target), { recursive: true });
    const tmp = `${target}.${id}.part`;
    let received = 0;
    try {
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Uint8Array>) {
          for await (const c of chunks) {
            received += c.length;
            if (received > size) throw new AppError(413, "too_large", `more than the ${size} bytes this URL allows`);
            yield c;
          }
        },
        createWriteStream(tmp),
      );
      if (received !== size) throw new AppError(400, "size_mismatch", `received ${received} bytes, expected ${size}`);
      // Streaming a large file takes a while: the batch may have been cancelled since the PUT began.
      await beforeWrite?.();
      try {
        await link(tmp, target);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        if (!(await sameBytes(tmp, target))) throw new AppError(409, "already_uploaded", new ObjectExistsError(key).message);
      }
    } finally {
      await rm(tmp, { force: true });
    }
    return received;
  }

  async download(key: string, localPath: string): Promise<void> {
    await mkdir(path.dirname(localPath), { recursive: true });
    await copyFile(this.localPath(key), localPath);
  }

  async upload(localPath: string, key: string): Promise<void> {
    const p = this.localPath(key);
    await mkdir(path.dirname(p), { recursive: true });
    const tmp = `${p}.${process.pid}.${Date.now()}.part`;
    try {
      await pipeline(createReadStream(localPath), createWriteStream(tmp));
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    await this.publish(tmp, p, key);
  }

  async createUploadTarget(key: string, size: number, contentType: string): Promise<UploadTarget> {
    const ttl = this.opts.ttlSeconds ?? 900;
    const { token, expiresAt } = signUploadToken({ key, size, contentType }, this.opts.secret, ttl);
    const url = `${this.opts.uploadBaseUrl.replace(/\/$/, "")}/api/lake/upload?token=${encodeURIComponent(token)}`;
    return { kind: "single", key, url, method: "PUT", headers: { "content-type": contentType }, expiresAt: expiresAt.toISOString() };
  }

  // The local upload route takes whole files; multipart exists only on S3.
  async completeMultipart(key: string): Promise<void> {
    throw new Error(`Multipart uploads are not used by the local lake (${key})`);
  }

  async abortMultipart(): Promise<void> {}

  // Local upload URLs check their batch's status on every PUT (acceptLocalUpload).
  async sealUploads(): Promise<void> {}
}

async function sameBytes(a: string, b: string): Promise<boolean> {
  if ((await stat(a)).size !== (await stat(b)).size) return false;
  const digest = async (p: string) => {
    const h = createHash("sha256");
    for await (const chunk of createReadStream(p)) h.update(chunk as Buffer);
    return h.digest("hex");
  };
  return (await digest(a)) === (await digest(b));
}
