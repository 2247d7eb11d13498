import { describe, expect, it } from "vitest";
import { AbortedError, TransferError, backoffDelay, isRetryableStatus, overallProgress, partRanges, withRetries } from "@/lib/upload-check";

describe("upload retries", () => {
  it("retries transient failures with growing, capped delays", async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls++;
        if (calls < 4) throw new TransferError("server busy", calls === 1 ? 0 : 503);
        return "done";
      },
      { retries: 4, sleep: async (ms) => void delays.push(ms), baseMs: 100, maxMs: 300 },
    );
    expect(result).toBe("done");
    expect(calls).toBe(4);
    expect(delays).toHaveLength(3);
    expect(delays[0]).toBeGreaterThanOrEqual(50);
    expect(delays[0]).toBeLessThanOrEqual(100);
    expect(delays[2]).toBeLessThanOrEqual(300);
  });

  it("gives up after the last retry and does not retry client errors", async () => {
    let calls = 0;
    await expect(
      withRetries(async () => {
        calls++;
        throw new TransferError("down", 502);
      }, { retries: 2, sleep: async () => {} }),
    ).rejects.toThrow("down");
    expect(calls).toBe(3);

    calls = 0;
    await expect(
      withRetries(async () => {
        calls++;
        throw new TransferError("token already used", 409);
      }, { retries: 5, sleep: async () => {} }),
    ).rejects.toThrow("token already used");
    expect(calls).toBe(1);
  });

  it("stops at once when cancelled", async () => {
    const ctrl = new AbortController();
    let calls = 0;
    const p = withRetries(
      async () => {
        calls++;
        ctrl.abort();
        throw new TransferError("net", 0);
      },
      { retries: 5, signal: ctrl.signal },
    );
    await expect(p).rejects.toBeInstanceOf(AbortedError);
    expect(calls).toBe(1);
  });

  it("classifies statuses and bounds backoff", () => {
    expect([0, 408, 429, 500, 503].every(isRetryableStatus)).toBe(true);
    expect([400, 403, 404, 409, 413, 507].some(isRetryableStatus)).toBe(false);
    expect(backoffDelay(10, { baseMs: 500, maxMs: 8000, random: () => 1 })).toBe(8000);
    expect(backoffDelay(1, { baseMs: 500, random: () => 0 })).toBe(250);
  });
});

describe("progress", () => {
  it("weights files by bytes and splits multipart ranges", () => {
    expect(overallProgress([{ loaded: 50, total: 100 }, { loaded: 900, total: 900 }]).fraction).toBeCloseTo(0.95);
    expect(overallProgress([]).fraction).toBe(0);
    expect(partRanges(25, 10, 3)).toEqual([
      { partNumber: 1, start: 0, end: 10 },
      { partNumber: 2, start: 10, end: 20 },
      { partNumber: 3, start: 20, end: 25 },
    ]);
  });
});
