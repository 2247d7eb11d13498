/**
 * The LakeStorage contract: the local filesystem lake and the S3 lake both pass it.
 * Usage: `lakeStorageContract("s3", async () => ({ storage, send, cleanup }))` inside a test file.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ObjectExistsError, type LakeStorage, type UploadTarget } from "@/lib/lake/storage";

export interface LakeHarness {
  storage: LakeStorage;
  /** Sends bytes to an upload target the way the browser/CLI does (HTTP PUT or the local route). */
  send(target: UploadTarget, bytes: Uint8Array, contentType: string): Promise<void>;
  /** A size that makes the implementation choose its large-file path (multipart on S3). */
  largeSize: number;
  cleanup(): Promise<void>;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

export function patterned(size: number, seed = 7): Uint8Array {
  const b = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = x & 0xff;
  }
  return b;
}

export function lakeStorageContract(label: string, make: () => Promise<LakeHarness>): void {
  describe(`LakeStorage contract: ${label}`, () => {
    let h: LakeHarness;
    let s: LakeStorage;
    let tmp: string;
    const batch = `raw/orders/month=2025-11/batch=b${Date.now().toString(36)}`;

    beforeAll(async () => {
      h = await make();
      s = h.storage;
      tmp = await mkdtemp(path.join(tmpdir(), "lake-contract-"));
    });
    afterAll(async () => {
      await h?.cleanup();
      if (tmp) await rm(tmp, { recursive: true, force: true });
    });

    it("puts and gets text and bytes, byte for byte", async () => {
      const text = 'order_id,comment\r\n1,"a, ""quoted"" café\nline"\r\n';
      await s.put(`${batch}/orders.csv`, text, "text/csv");
      expect(dec.decode(await s.get(`${batch}/orders.csv`))).toBe(text);
      expect(dec.decode(await s.getStart(`${batch}/orders.csv`, 5))).toBe(text.slice(0, 5));
      expect(dec.decode(await s.getStart(`${batch}/orders.csv`, 1 << 20))).toBe(text);
      // Copies (publishing a staged month): raw objects are write-once, so the source that is replaced
      // afterwards is a staged one.
      const staged = `staging/2025-11/${batch.split("=").pop()}/orders.csv`;
      await s.copy(`${batch}/orders.csv`, staged);
      await s.copy(staged, `${staged}.copy`);
      expect(dec.decode(await s.get(`${staged}.copy`))).toBe(text);
      await s.put(staged, "replaced");
      expect(dec.decode(await s.get(`${staged}.copy`)), "a copy does not follow its source").toBe(text);
      await s.delete(staged);
      await s.delete(`${staged}.copy`);
      const bytes = patterned(70_000);
      await s.put(`${batch}/blob.bin`, bytes);
      expect(Buffer.from(await s.get(`${batch}/blob.bin`)).equals(Buffer.from(bytes))).toBe(true);
    });

    it("head reports size and modification time, null when absent", async () => {
      await s.put(`${batch}/head.csv`, "a,b\n1,2\n");
      const before = Date.now();
      const o = await s.head(`${batch}/head.csv`);
      expect(o).not.toBeNull();
      expect(o!.key).toBe(`${batch}/head.csv`);
      expect(o!.size).toBe(8);
      expect(o!.lastModified).toBeInstanceOf(Date);
      // Within a minute of now (S3 has second resolution; clocks may differ slightly).
      expect(Math.abs(o!.lastModified.getTime() - before)).toBeLessThan(60_000);
      expect(await s.head(`${batch}/missing.csv`)).toBeNull();
    });

    it("get of a missing key rejects", async () => {
      await expect(s.get(`${batch}/nope.csv`)).rejects.toThrow();
    });

    it("overwrites an existing key outside raw/", async () => {
      const key = "processed/orders/month=2025-11/over.parquet";
      await s.put(key, "first version, longer");
      await s.put(key, "second");
      expect(dec.decode(await s.get(key))).toBe("second");
      expect((await s.head(key))!.size).toBe(6);
    });

    it("never replaces a raw object: a second put, upload or upload-target PUT is refused (issue 11, item 11)", async () => {
      const key = `${batch}/once.csv`;
      await s.put(key, "as uploaded");
      await expect(s.put(key, "replaced")).rejects.toBeInstanceOf(ObjectExistsError);
      const src = path.join(tmp, "once.csv");
      await writeFile(src, "replaced too");
      await expect(s.upload(src, key)).rejects.toBeInstanceOf(ObjectExistsError);
      const t = await s.createUploadTarget(key, 8, "text/csv");
      await expect(h.send(t, enc.encode("replaced"), "text/csv")).rejects.toThrow();
      expect(dec.decode(await s.get(key))).toBe("as uploaded");
    });

    it("lists every object under a prefix, sorted, nothing outside it", async () => {
      const prefix = `processed/orders/month=2025-10/`;
      const keys = Array.from({ length: 12 }, (_, i) => `${prefix}part-${String(i).padStart(3, "0")}.parquet`);
      await Promise.all(keys.map((k) => s.put(k, enc.encode(k))));
      await s.put(`processed/orders/month=2025-100/other.parquet`, "x");
      await s.put(`processed/order_items/month=2025-10/x.parquet`, "x");
      const listed = await s.list(prefix);
      expect(listed.map((o) => o.key)).toEqual(keys);
      expect(listed.every((o) => o.size === enc.encode(o.key).length)).toBe(true);
      expect(await s.list(`processed/nothing-here/`)).toEqual([]);
    });

    it("deletes, and deleting a missing key is not an error", async () => {
      await s.put(`${batch}/del.csv`, "x");
      await s.delete(`${batch}/del.csv`);
      expect(await s.head(`${batch}/del.csv`)).toBeNull();
      await expect(s.delete(`${batch}/del.csv`)).resolves.toBeUndefined();
    });

    it("downloads to a local file and uploads from one", async () => {
      const bytes = patterned(200_000, 3);
      await s.put(`${batch}/dl.bin`, bytes);
      const local = path.join(tmp, "nested", "dir", "dl.bin");
      await s.download(`${batch}/dl.bin`, local);
      expect((await readFile(local)).equals(Buffer.from(bytes))).toBe(true);

      const src = path.join(tmp, "up.csv");
      await writeFile(src, "id\n1\n2\n");
      await s.upload(src, `${batch}/up.csv`, "text/csv");
      expect(dec.decode(await s.get(`${batch}/up.csv`))).toBe("id\n1\n2\n");
    });

    it("uploads a large local file (multipart where the store has it)", async () => {
      const bytes = patterned(h.largeSize + 1234, 11);
      const src = path.join(tmp, "large.bin");
      await writeFile(src, bytes);
      await s.upload(src, `${batch}/large.bin`);
      const o = await s.head(`${batch}/large.bin`);
      expect(o!.size).toBe(bytes.length);
      expect(Buffer.from(await s.get(`${batch}/large.bin`)).equals(Buffer.from(bytes))).toBe(true);
    });

    it("stages an object in as a readable file (in place or a copy under the work folder); a missing one rejects", async () => {
      await s.put(`${batch}/local.csv`, "x,y\n");
      const p = await s.stageIn(`${batch}/local.csv`, path.join(tmp, "stage"));
      expect(await readFile(p, "utf8")).toBe("x,y\n");
      if (s.kind === "s3") expect(p).toBe(path.join(tmp, "stage", batch, "local.csv"));
      await expect(s.stageIn(`${batch}/missing.csv`, path.join(tmp, "stage"))).rejects.toThrow();
    });

    it("replaces a prefix with a folder's files, then with a staged prefix (stale objects go, the staged stay), and removes a prefix", async () => {
      const live = `curated/mart_kpis/month=2025-11/`;
      const staged = `staging/2025-11/run-${batch.split("=").pop()}/curated/mart_kpis/`;
      await s.put(`${live}old.parquet`, "old");
      const dir = path.join(tmp, "out");
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, "a.parquet"), "A");
      await writeFile(path.join(dir, "b.parquet"), "B");
      await s.replaceWithDir(dir, staged);
      expect((await s.list(staged)).map((o) => o.key)).toEqual([`${staged}a.parquet`, `${staged}b.parquet`]);

      expect(await s.replacePrefix(staged, live)).toBe(2);
      expect((await s.list(live)).map((o) => o.key)).toEqual([`${live}a.parquet`, `${live}b.parquet`]);
      expect(dec.decode(await s.get(`${live}b.parquet`))).toBe("B");
      // Publishing again (after a crash) gives the same result: the staged objects stayed.
      expect(await s.replacePrefix(staged, live)).toBe(2);
      expect((await s.list(live)).map((o) => o.key)).toEqual([`${live}a.parquet`, `${live}b.parquet`]);

      await s.removePrefix(staged);
      expect(await s.list(staged)).toEqual([]);
      expect(await s.list(live)).toHaveLength(2);
    });

    it("an upload target accepts exactly the granted file", async () => {
      const bytes = enc.encode("order_id,total\n1,10.50\n2,3.00\n");
      const key = `${batch}/target.csv`;
      const t = await s.createUploadTarget(key, bytes.length, "text/csv");
      expect(t.key).toBe(key);
      expect(new Date(t.expiresAt).getTime()).toBeGreaterThan(Date.now());
      if (t.kind === "single") {
        expect(t.method).toBe("PUT");
        expect(t.headers["content-type"]).toBe("text/csv");
      }
      await h.send(t, bytes, "text/csv");
      const o = await s.head(key);
      expect(o?.size).toBe(bytes.length);
      expect(dec.decode(await s.get(key))).toBe(dec.decode(bytes));
    });

    it("a large upload target delivers the whole file", async () => {
      const bytes = patterned(h.largeSize + 777, 5);
      const key = `${batch}/large-target.csv`;
      const t = await s.createUploadTarget(key, bytes.length, "text/csv");
      if (t.kind === "multipart") {
        expect(t.parts.length).toBe(Math.ceil(bytes.length / t.partSize));
        expect(t.parts.map((p) => p.partNumber)).toEqual(t.parts.map((_, i) => i + 1));
      }
      await h.send(t, bytes, "text/csv");
      expect((await s.head(key))?.size).toBe(bytes.length);
      expect(Buffer.from(await s.get(key)).equals(Buffer.from(bytes))).toBe(true);
    });

    it("aborting an unknown multipart upload is harmless", async () => {
      await expect(s.abortMultipart(`${batch}/never.csv`, "no-such-upload")).resolves.toBeUndefined();
    });
  });
}
