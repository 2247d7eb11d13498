import path from "node:path";
import type { LakeObject, LakeStorage } from "../../lake/storage";
import { sqlString } from "../sql/render";

/**
 * A DuckDB relation over the Parquet files under a lake prefix, or null when there are none. Each file is
 * staged in (the local lake is read in place; S3 objects come to local disk first: no httpfs offline).
 */
export async function parquetRelation(lake: LakeStorage, prefix: string, workDir: string): Promise<string | null> {
  return parquetRelationOf(lake, (await lake.list(prefix)).filter((o) => o.key.endsWith(".parquet")), workDir);
}

/** A DuckDB relation over these Parquet objects (hive partitions give `month`), or null for none. */
export async function parquetRelationOf(lake: LakeStorage, objects: readonly LakeObject[], workDir: string): Promise<string | null> {
  if (objects.length === 0) return null;
  const files: string[] = [];
  for (const o of objects) files.push(await lake.stageIn(o.key, path.join(workDir, "stage")));
  return `read_parquet([${files.map(sqlString).join(", ")}], hive_partitioning = true, union_by_name = true)`;
}
