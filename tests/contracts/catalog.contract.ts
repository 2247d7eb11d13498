/**
 * The Catalog contract (Glue Data Catalog on AWS, the local catalog refresh): each layer's tables with
 * columns, month partitions and row counts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Catalog } from "@/lib/backend/types";

export interface ExpectedTable {
  layer: "processed" | "curated";
  name: string;
  /** Columns that must be listed (others may be too). */
  columns: string[];
  /** Rows per month partition. */
  months: Record<string, number>;
}

export interface CatalogHarness {
  catalog: Catalog;
  /** Tables the seeded lake must show. */
  expected: ExpectedTable[];
  close?(): Promise<void>;
}

export function catalogContract(label: string, make: () => Promise<CatalogHarness>): void {
  describe(`Catalog contract: ${label}`, () => {
    let h: CatalogHarness;
    beforeAll(async () => {
      h = await make();
    });
    afterAll(async () => h?.close?.());

    it("lists every table of both layers with columns, partitions and row counts", async () => {
      const tables = await h.catalog.list();
      for (const e of h.expected) {
        const t = tables.find((x) => x.layer === e.layer && x.name === e.name);
        expect(t, `${e.layer}/${e.name}`).toBeDefined();
        expect(t!.columns.map((c) => c.name)).toEqual(expect.arrayContaining(e.columns));
        for (const c of t!.columns) expect(c.type, `${e.name}.${c.name}`).toBeTruthy();
        const parts = Object.fromEntries(t!.partitions.map((p) => [p.month, p.rows]));
        expect(parts, `${e.name} partitions`).toEqual(e.months);
        expect(t!.rowCount).toBe(Object.values(e.months).reduce((a, b) => a + b, 0));
        for (const p of t!.partitions) {
          expect(p.files).toBeGreaterThanOrEqual(1);
          expect(p.bytes).toBeGreaterThan(0);
        }
      }
    });

    it("refresh of one layer answers only that layer's tables", async () => {
      for (const layer of ["processed", "curated"] as const) {
        const tables = await h.catalog.refresh(layer);
        expect(tables.every((t) => t.layer === layer)).toBe(true);
        for (const e of h.expected.filter((x) => x.layer === layer)) expect(tables.map((t) => t.name)).toContain(e.name);
      }
    });

    it("rejects and quarantine files are not tables of the processed layer", async () => {
      const tables = await h.catalog.list();
      expect(tables.some((t) => t.name.startsWith("_"))).toBe(false);
    });
  });
}
