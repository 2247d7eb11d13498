import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import type { LakeStorage } from "./storage";

// An object store has no directory to swap: new objects are written before stale ones are deleted, so a
// reader sees the old or the new objects of each name, and at the end only the new ones.

export async function replaceObjectsWithDir(lake: LakeStorage, localDir: string, prefix: string): Promise<void> {
  const files = await readdir(localDir);
  const before = await lake.list(prefix);
  for (const f of files) await lake.upload(path.join(localDir, f), `${prefix}${f}`);
  for (const o of before) if (!files.includes(o.key.slice(prefix.length))) await lake.delete(o.key);
  await rm(localDir, { recursive: true, force: true });
}

export async function replaceObjects(lake: LakeStorage, from: string, to: string): Promise<number> {
  const staged = await lake.list(from);
  const before = await lake.list(to);
  const names = new Set(staged.map((o) => o.key.slice(from.length)));
  for (const o of staged) await lake.copy(o.key, `${to}${o.key.slice(from.length)}`);
  for (const o of before) if (!names.has(o.key.slice(to.length))) await lake.delete(o.key);
  return staged.length;
}

export async function removeObjects(lake: LakeStorage, prefix: string): Promise<void> {
  for (const o of await lake.list(prefix)) await lake.delete(o.key);
}

/** The remote way to stage an object in: download it under the work folder. */
export async function downloadUnder(lake: LakeStorage, key: string, workDir: string): Promise<string> {
  const target = path.join(workDir, key);
  await lake.download(key, target);
  return target;
}
