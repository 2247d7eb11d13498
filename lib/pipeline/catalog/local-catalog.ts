import type { Catalog, CatalogTable } from "../../backend/types";
import { listCatalog, replaceCatalog } from "../../db/catalog";
import type { LakeStorage } from "../../lake/storage";
import { Duck } from "../duck";
import { sqlString } from "../sql/render";

/** The crawlers' job, locally: tables, columns, types, partitions and row counts of a lake layer. */
export class LocalCatalog implements Catalog {
  constructor(
    private readonly lake: LakeStorage,
    private readonly timeZone: string,
  ) {}

  async refresh(layer: "processed" | "curated"): Promise<CatalogTable[]> {
    // Quarantine and run files are not tables of the layer (the crawlers exclude them too).
    const objects = (await this.lake.list(`${layer}/`)).filter((o) => o.key.endsWith(".parquet") && !o.key.split("/")[1]!.startsWith("_"));
    const byTable = new Map<string, typeof objects>();
    for (const o of objects) {
      const parts = o.key.split("/");
      const name = parts[1]!;
      byTable.set(name, [...(byTable.get(name) ?? []), o]);
    }
    const duck = await Duck.open({ timeZone: this.timeZone, threads: 1 });
    const tables: CatalogTable[] = [];
    try {
      for (const [name, objs] of [...byTable].sort(([a], [b]) => a.localeCompare(b))) {
        const files = objs.map((o) => this.lake.localPath(o.key)).filter((p): p is string => p !== null);
        if (files.length === 0) continue;
        const list = `[${files.map(sqlString).join(", ")}]`;
        const columns = await duck.all<{ column_name: string; column_type: string }>(
          `DESCRIBE SELECT * FROM read_parquet(${list}, hive_partitioning = true, union_by_name = true)`,
        );
        const counts = await duck.all<{ file_name: string; rows: number }>(
          `SELECT file_name, sum(row_group_num_rows) AS rows FROM (SELECT DISTINCT file_name, row_group_id, row_group_num_rows FROM parquet_metadata(${list})) GROUP BY file_name`,
        );
        const rowsByFile = new Map(counts.map((c) => [c.file_name, c.rows]));
        const partitions = new Map<string, { month: string; rows: number; files: number; bytes: number }>();
        objs.forEach((o, i) => {
          const month = /month=(\d{4}-\d{2})/.exec(o.key)?.[1] ?? "";
          const p = partitions.get(month) ?? { month, rows: 0, files: 0, bytes: 0 };
          p.rows += rowsByFile.get(files[i]!) ?? 0;
          p.files += 1;
          p.bytes += o.size;
          partitions.set(month, p);
        });
        const parts = [...partitions.values()].sort((a, b) => b.month.localeCompare(a.month));
        tables.push({
          layer,
          name,
          columns: columns.map((c) => ({ name: c.column_name, type: c.column_type })),
          partitions: parts,
          rowCount: parts.reduce((s, p) => s + p.rows, 0),
          updatedAt: new Date(Math.max(...objs.map((o) => o.lastModified.getTime()))),
        });
      }
    } finally {
      duck.close();
    }
    await replaceCatalog(layer, tables);
    return tables;
  }

  async list(): Promise<CatalogTable[]> {
    return listCatalog();
  }
}
