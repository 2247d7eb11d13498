import { it } from "vitest";
import { createBatch } from "@/lib/db/batches";
import { appendLogLines } from "@/lib/db/logs";
import { ensureRun } from "@/lib/db/runs";
import { describeEachDb } from "./helpers/targets";
describeEachDb("perf", () => {
  it("t", async () => {
    await createBatch({ id: "b", month: "2025-11" });
    const run = await ensureRun({ batchId: "b", month: "2025-11", executionName: "e" });
    let t = Date.now();
    await appendLogLines(run.id, "s", Array.from({ length: 2500 }, (_, i) => ({ level: "info" as const, message: `m ${i}` })));
    console.log("2500 lines", Date.now() - t); t = Date.now();
    for (let i = 0; i < 60; i++) await appendLogLines(run.id, "s", Array.from({ length: 40 }, (_, i) => ({ level: "info" as const, message: `m ${i}` })));
    console.log("60 x 40", Date.now() - t); t = Date.now();
    for (let i = 0; i < 60; i++) await appendLogLines(run.id, "s", [{ level: "info" as const, message: `m ${i}` }]);
    console.log("60 x 1", Date.now() - t); t = Date.now();
  });
});
