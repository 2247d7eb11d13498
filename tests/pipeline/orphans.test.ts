import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getMonthKpis } from "@/lib/services/month-kpis";
import { Duck } from "@/lib/pipeline/duck";
import { csv, eventsCsv, fullMonth, orderItemsCsv, ordersCsv } from "../support/fixtures";
import { freshPipelineEnv, runBatch } from "../support/pipeline-env";

// The small month of small-month.test.ts plus facts whose parent is unknown: job 2's left joins keep
// them (no fact disappears) and count them as orphans in the quality report.
describe("orphan facts (left joins in job 2)", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  let result: Awaited<ReturnType<typeof runBatch>>;
  const append = (text: string, extra: string) => text + extra.split("\n").slice(1).join("\n");
  const files = {
    ...fullMonth("2025-11"),
    // e8, e9: session s404 does not exist.
    "events.csv": append(eventsCsv(), csv(["x"], [["e8", "s404", "2025-11-06T10:00:00Z", "page_view", "", "", "/"], ["e9", "s404", "2025-11-06T10:01:00Z", "add_to_cart", "p1", "", "/p1"]])),
    // o4: customer c404 is unknown (paid: its revenue still counts).
    "orders.csv": append(ordersCsv(), csv(["x"], [["o4", "c404", "", "2025-11-07T08:00:00Z", "paid", "EUR", "5.00", "0", "0", "0", "5.00", "card", "ES", "direct", "mobile"]])),
    // i4: unknown order; i5: unknown product.
    "order_items.csv": append(orderItemsCsv(), csv(["x"], [["i4", "o404", "p1", 1, "40.00", ""], ["i5", "o2", "p404", 1, "3.00", ""]])),
  };

  beforeAll(async () => {
    env = await freshPipelineEnv();
    result = await runBatch(path.join(env.dataDir, "in"), "2025-11", files);
  });
  afterAll(async () => env.cleanup());

  it("succeeds and counts the orphans per table", () => {
    expect(result.run.status).toBe("succeeded");
    expect(result.quality.events).toMatchObject({ rowsOut: 9, orphans: 2 });
    expect(result.quality.orders).toMatchObject({ rowsOut: 4, orphans: 1 });
    expect(result.quality.order_items).toMatchObject({ rowsOut: 5, orphans: 2 });
    expect(result.quality.sessions).toMatchObject({ orphans: 0 });
  });

  it("keeps every fact in curated, flagged as not found", async () => {
    const duck = await Duck.open({ timeZone: "UTC" });
    const curated = (t: string) => `read_parquet('${env.dataDir}/lake/curated/${t}/month=2025-11/*.parquet')`;
    try {
      expect(await duck.all(`SELECT event_id, session_found, channel FROM ${curated("events_enriched")} WHERE NOT session_found ORDER BY 1`)).toEqual([
        { event_id: "e8", session_found: false, channel: null },
        { event_id: "e9", session_found: false, channel: null },
      ]);
      expect((await duck.all<{ n: number }>(`SELECT count(*) AS n FROM ${curated("events_enriched")}`))[0]?.n).toBe(9);
      expect(await duck.all(`SELECT order_item_id, order_found, product_found, category FROM ${curated("fact_order_items_enriched")} WHERE NOT (order_found AND product_found) ORDER BY 1`)).toEqual([
        { order_item_id: "i4", order_found: false, product_found: true, category: "Home" },
        { order_item_id: "i5", order_found: true, product_found: false, category: "Unknown product" },
      ]);
      expect(await duck.all(`SELECT order_id, customer_found, country FROM ${curated("fact_orders_enriched")} WHERE NOT customer_found`)).toEqual([
        { order_id: "o4", customer_found: false, country: "ES" },
      ]);
    } finally {
      await duck.close();
    }
  });

  it("counts the orphans' money but not sessions that do not exist", async () => {
    const k = await getMonthKpis("2025-11");
    expect(k!.revenue).toBeCloseTo(75.6 + 5, 6);
    expect(k!.orders).toBe(3);
    // The funnel counts sessions started in the month: s404's events do not add a session.
    expect(k!.funnel).toMatchObject({ available: true, sessions: 3, browsed: 3, cart: 2, checkout: 1, purchased: 1 });
  });
});
