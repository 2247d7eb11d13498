import type { CatalogTable } from "../backend/types";

export interface CatalogTableDto {
  layer: "raw" | "processed" | "curated";
  name: string;
  columns: { name: string; type: string }[];
  partitions: { month: string; rows: number; files: number; bytes: number }[];
  rowCount: number;
  updatedAt: string | null;
}

export const toCatalogDto = (t: CatalogTable): CatalogTableDto => ({
  layer: t.layer,
  name: t.name,
  columns: t.columns,
  partitions: t.partitions,
  rowCount: t.rowCount,
  updatedAt: t.updatedAt ? t.updatedAt.toISOString() : null,
});
