/**
 * The Analytics contract (Athena on AWS, DuckDB locally): the same named query files, typed rows,
 * months newest first, and parameters that cannot change the SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Analytics, SqlRow } from "@/lib/backend/types";

export interface AnalyticsSample {
  name: string;
  params: Record<string, string | number>;
  expected: SqlRow[];
}

export interface AnalyticsHarness {
  analytics: Analytics;
  /** Months that have curated data. */
  months: string[];
  /** Queries of lib/analytics/sql with the rows they must return for the seeded data. */
  samples: AnalyticsSample[];
  close?(): Promise<void>;
}

export function analyticsContract(label: string, make: () => Promise<AnalyticsHarness>): void {
  describe(`Analytics contract: ${label}`, () => {
    let h: AnalyticsHarness;
    beforeAll(async () => {
      h = await make();
    });
    afterAll(async () => h?.close?.());

    it("lists the months with curated data, newest first", async () => {
      expect(await h.analytics.months()).toEqual([...h.months].sort().reverse());
    });

    it("answers each query with typed rows", async () => {
      expect(h.samples.length).toBeGreaterThan(0);
      for (const s of h.samples) {
        const rows = await h.analytics.query(s.name, s.params);
        expect(rows, s.name).toEqual(s.expected);
        for (const [col, v] of Object.entries(s.expected[0] ?? {})) expect(typeof rows[0]![col], `${s.name}.${col}`).toBe(typeof v);
      }
    });

    it("a month without data answers no rows", async () => {
      const s = h.samples.find((x) => "month" in x.params)!;
      expect(await h.analytics.query(s.name, { ...s.params, month: "1999-01" })).toEqual([]);
    });

    it("parameters and names cannot inject SQL", async () => {
      const s = h.samples.find((x) => "month" in x.params)!;
      await expect(h.analytics.query(s.name, { ...s.params, month: "2025-11' OR '1'='1" })).rejects.toThrow();
      await expect(h.analytics.query(s.name, { ...s.params, month: "2025-11; DROP TABLE x" })).rejects.toThrow();
      await expect(h.analytics.query("../../etc/passwd", {})).rejects.toThrow();
      await expect(h.analytics.query(s.name, { ...s.params, month: Number.NaN })).rejects.toThrow();
    });
  });
}
