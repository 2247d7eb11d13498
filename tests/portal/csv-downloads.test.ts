// Issue 11, item 6: every CSV (and the log file) the portal serves is safe to open in a spreadsheet:
// text from uploads that starts with = + - @ tab or CR is neutralised (OWASP), numbers stay numbers.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import type { MonthKpis } from "@/lib/analytics/types";
import type { SessionUser } from "@/lib/auth/session";
import { csvCell, toCsv } from "@/lib/http/csv";
import { fullMonth } from "../support/fixtures";
import { freshPipelineEnv, runBatch } from "../support/pipeline-env";

let currentUser: SessionUser | null = null;
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => currentUser }));

const { chartCsv } = await import("@/app/api/dashboard/csv/chart-csv");
const runRejects = await import("@/app/api/runs/[id]/rejects/route");
const batchRejects = await import("@/app/api/uploads/[batchId]/rejects/route");
const logsDownload = await import("@/app/api/runs/[id]/logs/download/route");

const FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3", "@SUM(A1:A9)", "\t=1", "\r=1"];

describe("CSV cells (OWASP CSV injection rule)", () => {
  it("prefixes text that a spreadsheet would run, quotes it, and leaves numbers alone", () => {
    for (const f of FORMULAS) {
      const cell = csvCell(f);
      expect(cell.startsWith(`"'`), cell).toBe(true);
      expect(cell.slice(1, -1).replaceAll('""', '"')).toBe(`'${f}`);
    }
    expect(csvCell(-12.5)).toBe("-12.5");
    expect(csvCell(3n)).toBe("3");
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(toCsv(["a", "b"], [["=1", -1]])).toBe("a,b\r\n\"'=1\",-1\r\n");
  });

  it("dashboard chart CSVs neutralise names that came from uploads", () => {
    const kpis = {
      month: "2025-11",
      missing: [],
      revenue: 10,
      orders: 1,
      buyers: 1,
      aov: 10,
      mom: null,
      weekly: [],
      categories: [{ category: "=HYPERLINK(\"http://evil.example\")", units: 1, sales: 10, margin: -2 }],
      funnel: { sessions: 0, browsed: 0, cart: 0, checkout: 0, purchased: 0, steps: [], biggestDrop: null },
      revenueByCountry: { "+33": 10 },
      revenueByChannel: { "@email": 10 },
      heatmap: { sessions: { available: true, cells: [] }, orders: { available: true, cells: [] } },
    } as unknown as MonthKpis;
    const categories = chartCsv(kpis, "categories");
    expect(categories).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(categories).toMatch(/,-2(,|\r\n)/); // a negative margin is still a number
    expect(chartCsv(kpis, "country")).toContain(`"'+33"`);
    expect(chartCsv(kpis, "channel")).toContain(`"'@email"`);
  });
});

describe("downloads through the routes", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  let runId: string;
  let batchId: string;
  beforeAll(async () => {
    env = await freshPipelineEnv();
    const { createUser } = await import("@/lib/db/users");
    const admin = await createUser({ email: "csv-admin@example.com", password: "lantern-quietly-harbors", role: "admin" });
    currentUser = { id: admin.id, email: admin.email, name: "A", role: "admin" };
    const month = fullMonth("2025-11");
    // Rows quarantined for a bad status, carrying formulas in their values.
    const orders = month["orders.csv"].trimEnd() + "\n" + ['=HYPERLINK("http://evil.example","x")', "c1", "s1", "2025-11-06T10:00:00Z", "@SUM(A1)", "EUR", "1", "0", "0", "0", "1", "card", "", "", ""].map((v) => (/[",]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(",") + "\n";
    // …in a file whose name starts with a formula character (file names reach the CSV's file column).
    const rest = Object.fromEntries(Object.entries(month).filter(([name]) => name !== "orders.csv"));
    const r = await runBatch(path.join(env.dataDir, "in"), "2025-11", { ...rest, "-2+3 orders.csv": orders });
    runId = r.runId;
    batchId = r.batchId;
    expect(r.quality.orders?.rejected).toBeGreaterThan(0);
  });
  afterAll(async () => env.cleanup());

  const get = (url: string) => new NextRequest(new URL(url, "http://127.0.0.1:3000"));

  it("rejected rows (run page and upload page) carry no live formula", async () => {
    for (const res of [
      await runRejects.GET(get(`/api/runs/${runId}/rejects?table=orders`), { params: Promise.resolve({ id: runId }) }),
      await batchRejects.GET(get(`/api/uploads/${batchId}/rejects?table=orders`), { params: Promise.resolve({ batchId }) }),
    ]) {
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain("HYPERLINK");
      expect(text).toContain(`"'-2`);
      // No cell (after a separator or at a line start, quoted or not) starts with a formula character.
      expect(text).not.toMatch(/(^|[,\n])"?[=+@\t\r-]/m);
    }
  });

  it("the log download keeps each entry on one line, so no line starts with uploaded text", async () => {
    const { appendLogLines } = await import("@/lib/db/logs");
    await appendLogLines(runId, "Job1RawToProcessed", [{ level: "warn", message: 'bad file name\n=HYPERLINK("http://evil.example")\r\n@SUM(1)' }]);
    const res = await logsDownload.GET(get(`/api/runs/${runId}/logs/download?step=Job1RawToProcessed`), { params: Promise.resolve({ id: runId }) });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(lines.some((l) => l.includes('bad file name\\n=HYPERLINK("http://evil.example")\\r\\n@SUM(1)'))).toBe(true);
  });
});
