// ValidateBatch's part the Glue runner's tests need (on AWS the validate-batch Lambda does it): reads a
// batch manifest from a lake folder, plans it with lib/pipeline/plan exactly as both backends do, and
// writes processed/_reports/<run name>/plan.json there. Usage (from the repository root):
//   node --import tsx infra/glue/standin/plan_batch.ts <lake dir> <manifest key> <run name> [current year]
import { open, readFile } from "node:fs/promises";
import path from "node:path";
import { batchManifestSchema } from "../../../lib/lake/manifest";
import type { LakeStorage } from "../../../lib/lake/storage";
import { planBatch } from "../../../lib/pipeline/plan/batch-plan";
import { writePlan } from "../../../lib/pipeline/plan/store";

const [dir, manifestKey, runName, year] = process.argv.slice(2);
if (!dir || !manifestKey || !runName) throw new Error("usage: plan_batch.ts <lake dir> <manifest key> <run name> [current year]");
const file = (key: string) => path.join(dir, key);
const notHere = () => Promise.reject(new Error("not used by planning"));
// The two calls planning makes: the first bytes of each file, and the plan's own write.
const lake = {
  async getStart(key: string, bytes: number) {
    const f = await open(file(key));
    try {
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await f.read(buf, 0, bytes, 0);
      return new Uint8Array(buf.subarray(0, bytesRead));
    } finally {
      await f.close();
    }
  },
  async put(key: string, body: Uint8Array | string) {
    const { mkdir, writeFile } = await import("node:fs/promises");
    await mkdir(path.dirname(file(key)), { recursive: true });
    await writeFile(file(key), body);
  },
  get: notHere,
} as unknown as LakeStorage;
const manifest = batchManifestSchema.parse(JSON.parse(await readFile(file(manifestKey), "utf8")));
await writePlan(lake, runName, await planBatch(lake, manifest, year ? Number(year) : undefined));
