import type { Catalog, CatalogTable } from "../backend/types";
import { listCatalog, replaceCatalog } from "../db/catalog";
import { monthOfKey } from "../lake/keys";
import type { LocalLakeStorage } from "./local-storage";
import { Duck } from "../pipeline/duck";
import { sqlString } from "../pipeline/sql/render";

const fileList = (files: string[]) => `[${files.map(sqlString).join(", ")}]`;

/** The crawlers' job, locally: tables, columns, types, partitions and row counts of a lake layer. */
export class LocalCatalog implements Catalog {
  constructor(
    private readonly lake: LocalLakeStorage,
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
    // The local lake: every object has a path DuckDB can read in place.
    const found = [...byTable]
      .flatMap(([name, objs]) => {
        const files = objs.map((o) => this.lake.localPath(o.key));
        return files.every((f): f is string => f !== null) ? [{ name, objs, files }] : [];
      })
      .sort((a, b) => a.name.localeCompare(b.name));
    const tables: CatalogTable[] = [];
    if (found.length > 0) {
      const duck = await Duck.shared({ timeZone: this.timeZone });
      try {
        // Two queries for the whole layer: every table's schema, and every file's row count (footers only).
        const schemas = await duck.describeEach(found.map((t) => `read_parquet(${fileList(t.files)}, hive_partitioning = true, union_by_name = true)`));
        const counts = await duck.all<{ file_name: string; num_rows: number }>(
          `SELECT file_name, num_rows FROM parquet_file_metadata(${fileList(found.flatMap((t) => t.files))})`,
        );
        const rowsByFile = new Map(counts.map((c) => [c.file_name, c.num_rows]));
        found.forEach(({ name, objs, files }, i) => {
          const partitions = new Map<string, { month: string; rows: number; files: number; bytes: number }>();
          objs.forEach((o, j) => {
            const month = monthOfKey(o.key) ?? "";
            const p = partitions.get(month) ?? { month, rows: 0, files: 0, bytes: 0 };
            p.rows += rowsByFile.get(files[j]!) ?? 0;
            p.files += 1;
            p.bytes += o.size;
            partitions.set(month, p);
          });
          const parts = [...partitions.values()].sort((a, b) => b.month.localeCompare(a.month));
          tables.push({
            layer,
            name,
            columns: schemas[i] ?? [],
            partitions: parts,
            rowCount: parts.reduce((s, p) => s + p.rows, 0),
            updatedAt: new Date(Math.max(...objs.map((o) => o.lastModified.getTime()))),
          });
        });
      } finally {
        await duck.close();
      }
    }
    await replaceCatalog(layer, tables);
    return tables;
  }

  async list(): Promise<CatalogTable[]> {
    return listCatalog();
  }
}
