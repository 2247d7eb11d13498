import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetConfig } from "@/lib/config";
import { closeDb } from "@/lib/db/client";
import { setSetting } from "@/lib/db/settings";
import { previousMonth } from "@/lib/notify/missing-month";
import { startHttpReceiver, type HttpReceiver } from "../notify/receivers";
import { fullMonth } from "../support/fixtures";
import { runNpmScript } from "../support/npm-script";


/** A command-line script as `npm run` runs it; resolves with its exit code. */
const cli = runNpmScript;

// Operators of a setup without a running portal are told too: the pipeline command waits for its
// run's notification, and the missing-month check is a command a cron can run.
describe("notifications from the command line", () => {
  let dir: string;
  let env: Record<string, string>;
  let hook: HttpReceiver;
  const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shoplake-notify-cli-"));
    hook = await startHttpReceiver();
    env = { DATA_DIR: path.join(dir, "data"), BUSINESS_TIMEZONE: "UTC", PORTAL_BACKEND: "local", DATABASE_URL: "" };
    // The admin's settings, written to the CLI's own database before it runs.
    process.env.DATA_DIR = env.DATA_DIR;
    delete process.env.DATABASE_URL;
    resetConfig();
    await setSetting("notify", { webhookUrl: hook.url, smtp: null, expectedDay: 1 }, null);
    await closeDb();
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetConfig();
    await hook.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("npm run pipeline: a held run's notification is delivered before the command exits", async () => {
    const month = fullMonth();
    // Decimal commas without a profile: every order is rejected, the gate holds the month.
    const orders = month["orders.csv"].replace(/(\d+)\.(\d{2})\b/g, '"$1,$2"');
    await mkdir(path.join(dir, "month"));
    for (const [name, content] of Object.entries({ ...month, "orders.csv": orders })) await writeFile(path.join(dir, "month", name), content);
    const r = await cli("pipeline", ["--month", "2025-11", "--json", path.join(dir, "month")], env);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as { status: string; runId: string };
    expect(out.status).toBe("held");
    expect(hook.bodies.filter((b) => b.event === "run.held")).toEqual([expect.objectContaining({ runId: out.runId, month: "2025-11" })]);
  }, 120_000);

  it("npm run notify:missing reports the previous month once", async () => {
    const due = previousMonth(new Date(), "UTC");
    const first = await cli("notify:missing", [], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`${due} is missing`);
    const again = await cli("notify:missing", [], env);
    expect(again.code, again.stderr).toBe(0);
    expect(hook.bodies.filter((b) => b.event === "month.missing")).toEqual([expect.objectContaining({ month: due })]);
  }, 120_000);
});
