import { batchManifestSchema, type BatchManifest } from "../../lake/manifest";
import { parseManifestKey } from "../../lake/keys";
import type { LakeStorage } from "../../lake/storage";

export class BatchValidationError extends Error {
  override name = "BatchValidationError";
}

/** First state: the manifest parses, names its own batch, and every file it lists is in the lake at its size. */
export async function validateBatch(lake: LakeStorage, manifestKey: string): Promise<BatchManifest> {
  const ids = parseManifestKey(manifestKey);
  if (!ids) throw new BatchValidationError(`not a manifest key: ${manifestKey}`);
  const raw = await lake.get(manifestKey).catch(() => {
    throw new BatchValidationError(`manifest ${manifestKey} does not exist`);
  });
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw).toString("utf8"));
  } catch {
    throw new BatchValidationError(`manifest ${manifestKey} is not JSON`);
  }
  const parsed = batchManifestSchema.safeParse(json);
  if (!parsed.success) throw new BatchValidationError(`manifest ${manifestKey} is invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const m = parsed.data;
  if (m.batchId !== ids.batchId || m.month !== ids.month) throw new BatchValidationError(`manifest ${manifestKey} names batch ${m.batchId} of ${m.month}`);
  if (m.files.length === 0) throw new BatchValidationError("the batch has no files");
  const tables = m.files.map((f) => f.table);
  const twice = tables.find((t, i) => tables.indexOf(t) !== i);
  if (twice) throw new BatchValidationError(`the batch lists two files for ${twice}`);
  // A file lives in a raw folder of this batch (an order-lines file, listed for two tables, in its first table's).
  const inBatch = new RegExp(`^raw/[a-z_]+/month=${m.month}/batch=${m.batchId}/[^/]+$`);
  const outside = m.files.find((f) => !inBatch.test(f.key));
  if (outside) throw new BatchValidationError(`${outside.fileName}: ${outside.key} is not in this batch's raw folders`);
  for (const f of m.files.filter((f, i, all) => all.findIndex((g) => g.key === f.key) === i)) {
    const head = await lake.head(f.key);
    if (!head) throw new BatchValidationError(`${f.fileName}: not found in the lake at ${f.key}`);
    if (head.size !== f.size) throw new BatchValidationError(`${f.fileName}: ${head.size} bytes in the lake, ${f.size} announced`);
  }
  return m;
}
