import { expect, it } from "vitest";
import { createBatch } from "@/lib/db/batches";
import { appendLogLines, readLogs, type LogLineInput } from "@/lib/db/logs";
import { ensureRun } from "@/lib/db/runs";
import { describeEachDb } from "./helpers/targets";

describeEachDb("job log lines", () => {
  const lines = (prefix: string, n: number): LogLineInput[] =>
    Array.from({ length: n }, (_, i) => ({ level: i % 10 === 0 ? "warn" : "info", message: `${prefix} #${i}` }));

  it("concurrent appendLogLines from many writers keep every line, and each writer's order", async () => {
    await createBatch({ id: "b-logs", month: "2025-11" });
    const run = await ensureRun({ batchId: "b-logs", month: "2025-11", executionName: "batch-b-logs" });
    const writers = Array.from({ length: 12 }, (_, w) => `w${w}`);
    // 12 writers × 5 flushes × 40 lines, all in flight at once, plus one call bigger than a chunk.
    const written = await Promise.all([
      ...writers.flatMap((w) => [0, 1, 2, 3, 4].map((k) => appendLogLines(run.id, "Job1RawToProcessed", lines(`${w}/${k}`, 40)))),
      appendLogLines(run.id, "Job2ProcessedToCurated", lines("big", 2500)),
    ]);
    expect(written.reduce((a, b) => a + b, 0)).toBe(12 * 5 * 40 + 2500);

    const all: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await readLogs(run.id, "Job1RawToProcessed", { afterId: after, limit: 1000 });
      all.push(...page.lines.map((l) => l.message));
      after = page.next;
      if (!page.hasMore) break;
    }
    expect(all).toHaveLength(12 * 5 * 40);
    expect(new Set(all).size).toBe(all.length);
    for (const w of writers) {
      for (const k of [0, 1, 2, 3, 4]) {
        const mine = all.filter((m) => m.startsWith(`${w}/${k} #`));
        expect(mine).toEqual(lines(`${w}/${k}`, 40).map((l) => l.message));
      }
    }
    const big = await readLogs(run.id, "Job2ProcessedToCurated", { limit: 5000 });
    expect(big.lines.map((l) => l.message)).toEqual(lines("big", 2500).map((l) => l.message));
    expect(big.hasMore).toBe(false);
  });

  it("readLogs pages with a cursor, tails new lines, searches case-insensitively, reads every step with step = null", async () => {
    await createBatch({ id: "b-read", month: "2025-11" });
    const run = await ensureRun({ batchId: "b-read", month: "2025-11", executionName: "batch-b-read" });
    const ts = new Date("2025-11-03T14:05:00.000Z");
    await appendLogLines(run.id, "ValidateBatch", [
      { ts, level: "info", message: "batch OK: 7 files" },
      { level: "error", message: "Orders: 3 BAD timestamps" },
      { level: "debug", message: "100% done — 'quotes' and \"doubles\"" },
    ]);
    await appendLogLines(run.id, "Job3CuratedToDatabase", [{ level: "info", message: "loaded 10 rows" }]);

    const first = await readLogs(run.id, "ValidateBatch", { limit: 2 });
    expect(first.lines.map((l) => [l.level, l.message])).toEqual([
      ["info", "batch OK: 7 files"],
      ["error", "Orders: 3 BAD timestamps"],
    ]);
    expect(first.lines[0]).toMatchObject({ ts, runId: run.id, step: "ValidateBatch" });
    expect(first.hasMore).toBe(true);
    const second = await readLogs(run.id, "ValidateBatch", { afterId: first.next, limit: 2 });
    expect(second.lines.map((l) => l.message)).toEqual(["100% done — 'quotes' and \"doubles\""]);
    expect(second.hasMore).toBe(false);

    // Tailing: nothing new keeps the cursor; a new line shows up after it.
    const idle = await readLogs(run.id, "ValidateBatch", { afterId: second.next });
    expect(idle).toEqual({ lines: [], next: second.next, hasMore: false });
    await appendLogLines(run.id, "ValidateBatch", [{ level: "warn", message: "late line" }]);
    expect((await readLogs(run.id, "ValidateBatch", { afterId: idle.next })).lines.map((l) => l.message)).toEqual(["late line"]);

    expect((await readLogs(run.id, "ValidateBatch", { search: "bad TIME" })).lines.map((l) => l.message)).toEqual(["Orders: 3 BAD timestamps"]);
    expect((await readLogs(run.id, "ValidateBatch", { search: "100%" })).lines).toHaveLength(1);
    expect((await readLogs(run.id, "ValidateBatch", { search: "_" })).lines).toHaveLength(0);
    expect((await readLogs(run.id, null)).lines.map((l) => l.step)).toEqual([
      "ValidateBatch",
      "ValidateBatch",
      "ValidateBatch",
      "Job3CuratedToDatabase",
      "ValidateBatch",
    ]);
    await appendLogLines(run.id, "Other", [{ level: "info", message: "wrote C:\\tmp\\a_b.csv" }]);
    expect((await readLogs(run.id, "Other", { search: "\\tmp\\A_B" })).lines).toHaveLength(1);
    expect((await readLogs(run.id, "Other", { search: "tmp_a" })).lines).toHaveLength(0);
    await expect(readLogs(run.id, null, { afterId: "1; DROP TABLE x" })).rejects.toThrow(/bad log cursor/);
    expect(await appendLogLines(run.id, "ValidateBatch", [])).toBe(0);
  });
});
