import { randomUUID } from "node:crypto";
import { copyFile, link, mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { LakeStorage } from "../lake/storage";

/**
 * Replaces everything under `prefix` with the files of `localDir` (a job's output, written to its
 * staging prefix). On the local lake it is a directory swap; on S3 new files are uploaded before
 * stale ones are deleted.
 */
export async function publishDir(lake: LakeStorage, localDir: string, prefix: string): Promise<void> {
  const target = lake.localPath(prefix);
  if (target) {
    await swapInto(lake, target, async (fresh) => {
      await rm(fresh, { recursive: true, force: true });
      await rename(localDir, fresh);
    });
    return;
  }
  const files = await readdir(localDir);
  const before = await lake.list(prefix);
  for (const f of files) await lake.upload(path.join(localDir, f), `${prefix}${f}`);
  for (const o of before) if (!files.includes(o.key.slice(prefix.length))) await lake.delete(o.key);
}

/**
 * Publishes a staged partition: the objects under `from` replace those under `to`. The staged copy
 * stays (publishing again after a crash gives the same result); the caller removes it at the end.
 */
export async function publishStaged(lake: LakeStorage, from: string, to: string): Promise<number> {
  const staged = await lake.list(from);
  const target = lake.localPath(to);
  if (target) {
    await swapInto(lake, target, async (fresh) => {
      for (const o of staged) {
        const dest = path.join(fresh, o.key.slice(from.length));
        await mkdir(path.dirname(dest), { recursive: true });
        // Objects are never modified in place, so a hard link is a copy that costs nothing.
        await link(lake.localPath(o.key)!, dest).catch(() => copyFile(lake.localPath(o.key)!, dest));
      }
    });
    return staged.length;
  }
  const before = await lake.list(to);
  const names = new Set(staged.map((o) => o.key.slice(from.length)));
  for (const o of staged) await lake.copy(o.key, `${to}${o.key.slice(from.length)}`);
  for (const o of before) if (!names.has(o.key.slice(to.length))) await lake.delete(o.key);
  return staged.length;
}

/**
 * Local lake: fills a fresh folder beside the lake (never inside a table, where readers' globs would see
 * it), then swaps it with the target. Readers see the old or the new partition, never half of one.
 */
async function swapInto(lake: LakeStorage, target: string, fill: (fresh: string) => Promise<void>): Promise<void> {
  const work = lake.localPath(`.publish/${process.pid}-${randomUUID()}/`)!;
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

/** Removes a whole prefix (a run's staging once it is published or superseded). */
export async function removePrefix(lake: LakeStorage, prefix: string): Promise<void> {
  const target = lake.localPath(prefix);
  if (target) return rm(target, { recursive: true, force: true });
  for (const o of await lake.list(prefix)) await lake.delete(o.key);
}
