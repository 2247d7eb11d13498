import { mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { LakeStorage } from "../lake/storage";

/**
 * Replaces everything under `prefix` with the files of `localDir`. On the local lake it is a directory
 * swap (readers see the old or the new partition, never half of one); on S3 new files are uploaded
 * before stale ones are deleted.
 */
export async function publishDir(lake: LakeStorage, localDir: string, prefix: string): Promise<void> {
  const target = lake.localPath(prefix);
  if (target) {
    await mkdir(path.dirname(target), { recursive: true });
    const trash = `${target.replace(/\/$/, "")}.old-${process.pid}-${Date.now()}`;
    const had = await rename(target, trash).then(() => true, () => false);
    await rename(localDir, target);
    if (had) await rm(trash, { recursive: true, force: true });
    return;
  }
  const files = await readdir(localDir);
  const before = await lake.list(prefix);
  for (const f of files) await lake.upload(path.join(localDir, f), `${prefix}${f}`);
  for (const o of before) if (!files.includes(o.key.slice(prefix.length))) await lake.delete(o.key);
}

/** Removes a whole prefix (e.g. a table's month when the new batch has no rows for it). */
export async function removePrefix(lake: LakeStorage, prefix: string): Promise<void> {
  const target = lake.localPath(prefix);
  if (target) return rm(target, { recursive: true, force: true });
  for (const o of await lake.list(prefix)) await lake.delete(o.key);
}
