import { spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CSV_LIMITS } from "@/lib/contracts";
import { fullMonth } from "../support/fixtures";

// Issue 11, item 1: a CSV with the orders header plus 100,000 extra columns once took job 1 248 s and
// 6.47 GB. The shape limits stop it when ValidateBatch reads the header; a line longer than the limit
// is a rejected row. Each case runs in a process of its own, whose peak memory is measured.
const NODE_ARGS = ["--conditions=react-server", "--import", "tsx"];

describe("CSV shape limits, checked before any heavy work", () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "shoplake-limits-"));
    await cp(path.join(inject("pgliteTemplate"), "pglite"), path.join(dataDir, "pglite"), { recursive: true });
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  const runChild = async (files: Record<string, string>) => {
    const folder = path.join(dataDir, "in", String(Date.now()));
    await mkdir(folder, { recursive: true });
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(folder, name), text);
    const p = spawn(process.execPath, [...NODE_ARGS, "tests/support/crash-child.ts", "2025-11", folder], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", BUSINESS_TIMEZONE: "UTC", PORTAL_BACKEND: "local", STOP_AT: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.stderr.on("data", (d: Buffer) => (out += d.toString()));
    await new Promise((resolve) => p.on("exit", resolve));
    const m = /RUN (\S+)[\s\S]*DONE (\w+) maxRssMb=(\d+)/.exec(out);
    if (!m) throw new Error(`the child did not finish: ${out}`);
    return { runId: m[1]!, status: m[2]!, maxRssMb: Number(m[3]) };
  };

  it("100,000 extra columns: the table fails at its header with the limit named, in bounded memory", async () => {
    const extra = Array.from({ length: 100_000 }, (_, i) => `extra_${i}`);
    const header = ["order_id", "customer_id", "order_ts", "status", "total", ...extra].join(",");
    const row = ["o1", "c1", "2025-11-03T09:04:00Z", "paid", "54.00", ...extra.map(() => "")].join(",");
    const wide = `${header}\n${row}\n`;
    expect(wide.length).toBeGreaterThan(1_000_000);
    const r = await runChild({ ...fullMonth(), "orders.csv": wide });
    // Measured before the limits: 6.47 GB. A run of the whole month here peaks at about 0.6 GB.
    expect(r.maxRssMb).toBeLessThan(1200);
    expect(r.status).toBe("held");
    const { resetConfig } = await import("@/lib/config");
    process.env.DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    resetConfig();
    const { listQuality } = await import("@/lib/db/quality");
    const orders = (await listQuality(r.runId)).find((q) => q.table === "orders")!;
    expect(orders.status).toBe("failed");
    expect(orders.error).toBe(`orders.csv, line 1: the header row is longer than 64 KB (limit: ${CSV_LIMITS.maxHeaderBytes} bytes) (rule: limits)`);
    // The log names the problem once, not 100,000 column names.
    const { readLogs } = await import("@/lib/db/logs");
    const logs = await readLogs(r.runId, "Job1RawToProcessed", { afterId: null, limit: 500 });
    expect(logs.lines.reduce((n, l) => n + l.message.length, 0)).toBeLessThan(10_000);
    const { closeDb } = await import("@/lib/db/client");
    await closeDb();
  });

  it("a line longer than the limit is one rejected row; the rest of the file loads", async () => {
    const long = "x".repeat(CSV_LIMITS.maxLineBytes + 10);
    const orders = `order_id,customer_id,order_ts,status,total,note\no1,c1,2025-11-03T09:04:00Z,paid,54.00,\no2,c1,2025-11-03T09:05:00Z,paid,1.00,${long}\no3,c2,2025-11-04T20:03:00Z,delivered,21.60,\n`;
    const r = await runChild({ ...fullMonth(), "orders.csv": orders });
    process.env.DATA_DIR = dataDir;
    const { resetConfig } = await import("@/lib/config");
    resetConfig();
    const { listQuality } = await import("@/lib/db/quality");
    const q = (await listQuality(r.runId)).find((x) => x.table === "orders")!;
    expect(q).toMatchObject({ status: "ok", rowsIn: 3, rowsOut: 2, rejected: 1 });
    expect(q.topReasons[0]!.reason).toMatch(/csv$/);
    const { closeDb } = await import("@/lib/db/client");
    await closeDb();
  });
});
