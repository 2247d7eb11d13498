import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/lib/db/audit";
import { setSetting } from "@/lib/db/settings";
import { missingMonth, previousMonth } from "@/lib/notify/missing-month";
import { checkMissingMonth } from "@/lib/notify/missing-month-ticker";
import { freshPipelineEnv } from "../support/pipeline-env";
import { startHttpReceiver, type HttpReceiver } from "./receivers";

const at = (iso: string) => new Date(iso);

describe("the expected-month decision", () => {
  it("asks for the previous month from the configured day on, in the business time zone", () => {
    const none = new Set<string>();
    expect(missingMonth(at("2026-03-04T12:00:00Z"), 5, "UTC", none)).toBeNull();
    expect(missingMonth(at("2026-03-05T00:00:00Z"), 5, "UTC", none)).toBe("2026-02");
    expect(missingMonth(at("2026-03-28T00:00:00Z"), 5, "UTC", none)).toBe("2026-02");
    expect(missingMonth(at("2026-03-05T00:00:00Z"), 5, "UTC", new Set(["2026-02"]))).toBeNull();
    expect(missingMonth(at("2026-03-05T00:00:00Z"), null, "UTC", none)).toBeNull();
    // January asks for December of the year before.
    expect(missingMonth(at("2026-01-10T00:00:00Z"), 5, "UTC", none)).toBe("2025-12");
    // 23:30 UTC on the 4th is already the 5th in Berlin.
    expect(missingMonth(at("2026-03-04T23:30:00Z"), 5, "Europe/Berlin", none)).toBe("2026-02");
    expect(missingMonth(at("2026-03-04T23:30:00Z"), 5, "America/New_York", none)).toBeNull();
    expect(previousMonth(at("2026-03-01T00:30:00Z"), "America/New_York")).toBe("2026-01");
  });
});

describe("the missing-month check", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  let hook: HttpReceiver;
  beforeAll(async () => {
    env = await freshPipelineEnv();
    hook = await startHttpReceiver();
  });
  afterAll(async () => {
    await hook.close();
    await env.cleanup();
  });

  it("is silent until configured, then notifies once per month", async () => {
    const now = at("2026-03-06T08:00:00Z");
    expect(await checkMissingMonth("UTC", now)).toBeNull();
    await setSetting("notify", { webhookUrl: hook.url, smtp: null, expectedDay: 5 }, null);
    expect(await checkMissingMonth("UTC", at("2026-03-04T08:00:00Z"))).toBeNull();
    expect(await checkMissingMonth("UTC", now)).toBe("2026-02");
    await checkMissingMonth("UTC", at("2026-03-07T08:00:00Z"));
    expect(hook.bodies).toHaveLength(1);
    expect(hook.bodies[0]).toMatchObject({ event: "month.missing", month: "2026-02" });
    expect((await listAudit({ action: "notify.delivered" }))[0]).toMatchObject({ target: "webhook:month.missing" });
  });
});
