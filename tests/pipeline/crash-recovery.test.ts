import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getMonthKpis } from "@/lib/services/month-kpis";
import { closeBackend, resetBackend, getBackend } from "@/lib/wiring";
import { resetConfig } from "@/lib/config";
import { closeDb, getSql } from "@/lib/db/client";
import { getRun } from "@/lib/db/runs";
import { Duck } from "@/lib/pipeline/duck";
import { retryRun, waitForRun } from "@/lib/services/runs";
import { fullMonth, ordersCsv } from "../support/fixtures";

// Issue 11, items 7 and 8: the pipeline's process killed with SIGKILL in the middle of a step. After a
// restart no run stays "running", a run killed before publishing is retryable and nothing published
// moved, and one killed while publishing is published again, so the dashboard, the database and
// "data as of" all name one run.
// node itself with tsx's loader (not the tsx binary, which runs node as a child: a SIGKILL must reach
// the process that holds the database).
const NODE_ARGS = ["--conditions=react-server", "--import", "tsx"];

describe("kill -9 in the middle of a run, then a restart", () => {
  let dataDir: string;
  let n = 0;

  /** Runs the batch in a child process; with `stopAt`, kills it (SIGKILL) where it pauses. Returns the run id. */
  const child = async (month: string, files: Record<string, string>, stopAt?: "job2" | "publish", restart: "backend" | "server" = "backend"): Promise<string> => {
    await closeBackend(); // its recovery must not reopen the database the child takes
    await closeDb(); // PGlite: one process at a time
    await Duck.closeShared();
    const folder = path.join(dataDir, "in", String(n++));
    await mkdir(folder, { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(folder, name), text);
    const p = spawn(process.execPath, [...NODE_ARGS, "tests/support/crash-child.ts", month, folder], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", BUSINESS_TIMEZONE: "UTC", PORTAL_BACKEND: "local", STOP_AT: stopAt ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const runId = await new Promise<string>((resolve, reject) => {
      let id = "";
      p.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        id ||= /RUN (\S+)/.exec(out)?.[1] ?? "";
        if (stopAt && out.includes(`PAUSED ${stopAt}`)) p.kill("SIGKILL");
      });
      p.on("exit", (code, signal) => {
        if (stopAt ? signal === "SIGKILL" : code === 0 && out.includes("DONE")) resolve(id);
        else reject(new Error(`child ended ${code ?? signal}: ${out}\n${err}`));
      });
    });
    // The restart: this process opens the same DATA_DIR; creating the backend runs the recovery. As the
    // portal's server starts, its instrumentation hook creates it, before any request asks for it.
    resetConfig();
    resetBackend();
    if (restart === "server") {
      process.env.NEXT_RUNTIME = "nodejs";
      await (await import("@/instrumentation")).register();
      delete process.env.NEXT_RUNTIME;
    } else await getBackend();
    return runId;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "shoplake-crash-"));
    await cp(path.join(inject("pgliteTemplate"), "pglite"), path.join(dataDir, "pglite"), { recursive: true });
    process.env.DATA_DIR = dataDir;
    process.env.BUSINESS_TIMEZONE = "UTC";
    process.env.PORTAL_BACKEND = "local";
    delete process.env.DATABASE_URL;
  });
  afterAll(async () => {
    await closeBackend();
    await closeDb();
    await Duck.closeShared();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Waits (at most 30 s) for what the restarted process's recovery does after the test could see the run end. */
  const until = async (done: () => Promise<boolean>) => {
    for (let i = 0; i < 300 && !(await done()); i++) await new Promise((r) => setTimeout(r, 100));
  };
  const published = async (month: string) =>
    (await (await getSql()).query<{ run_name: string }>(`SELECT run_name FROM analytics.published_month WHERE month = $1`, [month]))[0]?.run_name;
  const revenueInDb = async (month: string) =>
    Number((await (await getSql()).query<{ r: string }>(`SELECT revenue::text AS r FROM analytics.mart_kpis WHERE month = $1`, [month]))[0]?.r);
  /** The fixture's month with its two recognised orders' totals times 10 (revenue 75.60 → 756.00). */
  const tenfold = () => ({ ...fullMonth(), "orders.csv": ordersCsv().replace(",54.00,", ",540.00,").replace(",21.60,", ",216.00,") });

  it("killed while publishing: at restart the publish is finished, and lake, database and 'data as of' name that run", async () => {
    const first = await child("2025-11", fullMonth());
    expect((await getRun(first))!.status).toBe("succeeded");
    const before = await getMonthKpis("2025-11");

    const killed = await child("2025-11", tenfold(), "publish");
    // Killed after its database transaction: the recovery publishes the lake too. It ends the run as
    // failed and then runs job 3 again: waiting for an end before the second attempt would see the first.
    await until(async () => ((await getRun(killed))?.steps.find((s) => s.name === "Job3CuratedToDatabase")?.attempt ?? 0) >= 2);
    const run = await waitForRun(killed, { timeoutMs: 60_000 });
    expect(run.status).toBe("succeeded");
    const job3 = run.steps.find((s) => s.name === "Job3CuratedToDatabase")!;
    expect(job3.attempt).toBe(2);
    const k = await getMonthKpis("2025-11");
    expect(k!.revenue).toBeCloseTo(before!.revenue! * 10, 6);
    expect(k!.dataAsOf!.runId).toBe(killed);
    expect(await published("2025-11")).toBe(run.executionName);
    expect(await revenueInDb("2025-11")).toBeCloseTo(k!.revenue!, 6);
    const { readLogs } = await import("@/lib/db/logs");
    const logs = (await readLogs(killed, "Job3CuratedToDatabase", { afterId: null, limit: 50 })).lines.map((l) => l.message);
    expect(logs.some((m) => /interrupted during Job3CuratedToDatabase/.test(m))).toBe(true);
  });

  it("killed in job 2: at restart the run is failed with the step and why, nothing published moved, and Retry resumes at job 2", async () => {
    const before = await getMonthKpis("2025-11");
    const killed = await child("2025-11", fullMonth(), "job2", "server");
    // The recovery runs as the server starts (nothing asked for the backend); wait for it to have ended the run.
    let run = (await getRun(killed))!;
    for (let i = 0; i < 100 && run.status === "running"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      run = (await getRun(killed))!;
    }
    expect(run.status).toBe("failed");
    expect(run.error).toMatch(/^interrupted during Job2ProcessedToCurated: the process running it \(.+\) stopped/);
    expect(run.steps.find((s) => s.name === "Job2ProcessedToCurated")!.status).toBe("failed");
    expect(run.steps.filter((s) => s.status === "running")).toEqual([]);
    // The dead process's work folder (its job 1 outputs) is removed with it; no one else would. The
    // recovery removes it after it has ended the run, so it may still be at it.
    const left = async () => (await readdir(path.join(dataDir, "work"))).filter((d) => d.startsWith(`${run.executionName}-`));
    await until(async () => (await left()).length === 0);
    expect(await left()).toEqual([]);
    const during = await getMonthKpis("2025-11");
    expect(during).toEqual(before);
    expect(await published("2025-11")).not.toBe(run.executionName);

    await retryRun(killed);
    const retried = await waitForRun(killed, { timeoutMs: 60_000 });
    expect(retried.status).toBe("succeeded");
    expect(retried.steps.find((s) => s.name === "Job1RawToProcessed")!.attempt).toBe(1);
    const k = await getMonthKpis("2025-11");
    expect(k!.dataAsOf!.runId).toBe(killed);
    expect(await published("2025-11")).toBe(retried.executionName);
    expect(await revenueInDb("2025-11")).toBeCloseTo(k!.revenue!, 6);
    // The lake holds the run's month only once: no staging left behind.
    const staging = await readFile(path.join(dataDir, "lake", "staging"), "utf8").catch((e: NodeJS.ErrnoException) => e.code);
    expect(["ENOENT", "EISDIR"]).toContain(staging);
  });
});
