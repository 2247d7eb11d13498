import "server-only";
import type { CatalogColumn, CatalogTable } from "../backend/types";
import { getDb } from "./client";
import type { CatalogTable as CatalogRow } from "./generated/client";

export type { CatalogTable };
type Layer = CatalogTable["layer"];
type Partition = CatalogTable["partitions"][number];

/**
 * Replaces what the catalog holds for one layer (a crawler run): tables no longer there disappear,
 * the others are rewritten, in one transaction so readers never see a half-refreshed layer. Two
 * statements whatever the number of tables (nothing refers to a catalog row's id).
 */
export async function replaceCatalog(layer: Layer, tables: readonly CatalogTable[]): Promise<void> {
  const db = await getDb();
  const refreshedAt = new Date();
  await db.$transaction([
    db.catalogTable.deleteMany({ where: { layer } }),
    db.catalogTable.createMany({
      data: tables.map((t) => ({
        layer,
        name: t.name,
        columns: t.columns.map((c) => ({ name: c.name, type: c.type })),
        partitions: t.partitions.map((p) => ({ month: p.month, rows: p.rows, files: p.files, bytes: p.bytes })),
        rowCount: BigInt(t.rowCount),
        updatedAt: t.updatedAt,
        refreshedAt,
      })),
    }),
  ]);
}

/** Every catalogued table, by layer then name. */
export async function listCatalog(layer?: Layer): Promise<CatalogTable[]> {
  const db = await getDb();
  const rows = await db.catalogTable.findMany({ where: { layer }, orderBy: [{ layer: "asc" }, { name: "asc" }] });
  return rows.map(toTable);
}

function toTable(r: CatalogRow): CatalogTable {
  return {
    layer: r.layer as Layer,
    name: r.name,
    columns: jsonArray(r.columns).flatMap((c): CatalogColumn[] =>
      typeof c.name === "string" && typeof c.type === "string" ? [{ name: c.name, type: c.type }] : [],
    ),
    partitions: jsonArray(r.partitions).map(
      (p): Partition => ({ month: String(p.month ?? ""), rows: num(p.rows), files: num(p.files), bytes: num(p.bytes) }),
    ),
    rowCount: Number(r.rowCount),
    updatedAt: r.updatedAt,
  };
}

function jsonArray(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null) : [];
}

const num = (v: unknown): number => (typeof v === "number" ? v : Number(v ?? 0));
