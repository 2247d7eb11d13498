import { beforeEach, describe, expect, it, vi } from "vitest";

// The last publish is the cache's only outside input: set by each test.
let lastPublish: Date | null = null;
vi.mock("@/lib/db/run-lookups", () => ({ lastPublishFrom: vi.fn(async () => lastPublish) }));
const { cachedUntilPublish } = await import("@/lib/analytics/publish-cache");

describe("range views are cached per arguments until the next publish", () => {
  let calls: string[];
  let view: (from: string, to: string, f: { country?: string }) => Promise<string>;
  beforeEach(() => {
    lastPublish = new Date("2026-12-01T00:00:00Z");
    calls = [];
    view = cachedUntilPublish(2, async (from: string, to: string, f: { country?: string }) => {
      calls.push(`${from}..${to} ${f.country ?? "all"}`);
      return `${from}..${to} ${f.country ?? "all"} #${calls.length}`;
    });
  });

  it("the same view is computed once; other periods and filters are their own entries", async () => {
    expect(await view("2025-01", "2025-12", { country: "FR" })).toBe("2025-01..2025-12 FR #1");
    expect(await view("2025-01", "2025-12", { country: "FR" })).toBe("2025-01..2025-12 FR #1");
    expect(await view("2025-01", "2025-12", {})).toBe("2025-01..2025-12 all #2");
    expect(await view("2025-02", "2025-12", { country: "FR" })).toBe("2025-02..2025-12 FR #3");
    expect(calls).toHaveLength(3);
  });

  it("a publish (from any process: the database says when) makes every entry stale", async () => {
    await view("2025-01", "2025-12", { country: "FR" });
    lastPublish = new Date("2026-12-02T00:00:00Z");
    expect(await view("2025-01", "2025-12", { country: "FR" })).toBe("2025-01..2025-12 FR #2");
  });

  it("two requests at once share one computation; a failure is not kept", async () => {
    const [a, b] = await Promise.all([view("2025-01", "2025-12", {}), view("2025-01", "2025-12", {})]);
    expect([a, b, calls.length]).toEqual(["2025-01..2025-12 all #1", "2025-01..2025-12 all #1", 1]);
    let fail = true;
    const flaky = cachedUntilPublish(2, async () => {
      if (fail) throw new Error("engine down");
      return "ok";
    });
    await expect(flaky()).rejects.toThrow("engine down");
    fail = false;
    expect(await flaky()).toBe("ok");
  });

  it("keeps only the most recently used entries", async () => {
    await view("2025-01", "2025-12", {});
    await view("2025-02", "2025-12", {});
    await view("2025-01", "2025-12", {}); // used again: now the newest
    await view("2025-03", "2025-12", {}); // drops 2025-02
    await view("2025-01", "2025-12", {});
    expect(calls).toHaveLength(3);
    await view("2025-02", "2025-12", {});
    expect(calls).toHaveLength(4);
  });
});
