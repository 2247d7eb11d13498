/**
 * The JobLogs contract (CloudWatch Logs on AWS, the log table locally): a step's lines in order, paged
 * by an opaque cursor, followable while the step runs, finished when it ends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobLogs, LogLineView } from "@/lib/backend/types";

export interface SeedLine {
  level: "info" | "warn" | "error";
  message: string;
}

export interface JobLogsHarness {
  logs: JobLogs;
  /** A run whose Job1RawToProcessed step logged `lines` (in order); still running when asked. */
  seed(lines: SeedLine[], opts?: { running?: boolean }): Promise<{ runId: string; step: string }>;
  /** More lines from a running step. */
  append(runId: string, step: string, lines: SeedLine[]): Promise<void>;
  /** The step (and run) end. */
  finish(runId: string, step: string): Promise<void>;
  close?(): Promise<void>;
}

async function readAll(logs: JobLogs, runId: string, step: string, limit: number, after?: string) {
  const lines: LogLineView[] = [];
  let cursor = after;
  for (let pages = 0; pages < 100; pages++) {
    const page = await logs.read(runId, step, { after: cursor, limit });
    expect(page.lines.length).toBeLessThanOrEqual(limit);
    lines.push(...page.lines);
    if (page.next === null || page.lines.length === 0) return { lines, next: page.next };
    cursor = page.next;
  }
  throw new Error("logs never ended");
}

export function jobLogsContract(label: string, make: () => Promise<JobLogsHarness>): void {
  describe(`JobLogs contract: ${label}`, () => {
    let h: JobLogsHarness;
    beforeAll(async () => {
      h = await make();
    });
    afterAll(async () => h?.close?.());

    const seeded: SeedLine[] = Array.from({ length: 9 }, (_, i) => ({
      level: i === 4 ? "warn" : i === 7 ? "error" : "info",
      message: `line ${i}: ${i === 7 ? "orders: missing required column total" : "rows processed"}`,
    }));

    it("pages through a finished step's lines in order, without loss or repeats", async () => {
      const { runId, step } = await h.seed(seeded);
      const { lines, next } = await readAll(h.logs, runId, step, 2);
      expect(next).toBeNull();
      const ours = lines.filter((l) => /^.*line \d+:/.test(l.message));
      expect(ours.map((l) => /line (\d+):/.exec(l.message)![1])).toEqual(seeded.map((_, i) => String(i)));
      for (const l of lines) {
        expect(l.step).toBe(step);
        expect(l.ts).toBeInstanceOf(Date);
      }
      for (let i = 1; i < lines.length; i++) expect(lines[i]!.ts.getTime()).toBeGreaterThanOrEqual(lines[i - 1]!.ts.getTime());
    });

    it("keeps each line's level", async () => {
      const { runId, step } = await h.seed(seeded);
      const { lines } = await readAll(h.logs, runId, step, 500);
      const level = (i: number) => lines.find((l) => l.message.includes(`line ${i}:`))!.level;
      expect(level(0)).toBe("info");
      expect(level(4)).toBe("warn");
      expect(level(7)).toBe("error");
    });

    it("follows a running step: new lines appear after the cursor, then the end", async () => {
      const { runId, step } = await h.seed(seeded.slice(0, 3), { running: true });
      const first = await readAll(h.logs, runId, step, 50);
      expect(first.lines.filter((l) => l.message.includes("line "))).toHaveLength(3);
      expect(first.next).not.toBeNull();
      const idle = await h.logs.read(runId, step, { after: first.next!, limit: 50 });
      expect(idle.lines).toHaveLength(0);
      expect(idle.next).not.toBeNull();
      await h.append(runId, step, [
        { level: "info", message: "line 3: more rows" },
        { level: "error", message: "line 4: boom" },
      ]);
      const more = await h.logs.read(runId, step, { after: idle.next!, limit: 50 });
      expect(more.lines.map((l) => l.message).filter((m) => m.includes("line "))).toEqual([
        expect.stringContaining("line 3: more rows"),
        expect.stringContaining("line 4: boom"),
      ]);
      await h.finish(runId, step);
      const rest = await readAll(h.logs, runId, step, 50, more.next ?? undefined);
      expect(rest.lines.filter((l) => /line [0-4]:/.test(l.message))).toHaveLength(0);
      expect(rest.next).toBeNull();
    });

    it("a step without lines reads empty", async () => {
      const { runId } = await h.seed(seeded);
      const page = await h.logs.read(runId, "CrawlCurated", { limit: 10 });
      expect(page.lines).toEqual([]);
    });
  });
}
