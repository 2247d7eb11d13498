import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getMonthKpis } from "@/lib/services/month-kpis";
import type { MonthKpis } from "@/lib/analytics/types";
import type { SourceProfile } from "@/lib/contracts";
import { generateMonthInFormats } from "@/lib/generator";
import { OLIST_CATEGORY_NAMES } from "@/lib/generator/formats/olist";
import { publishHeldRun, waitForRun } from "@/lib/services/runs";
import { csv, fullMonth, orderItemsCsv } from "../support/fixtures";
import { freshPipelineEnv, runBatch, runPaths } from "../support/pipeline-env";

// Issue 10: shops' own exports, read through source profiles, give the contract month's numbers; a bad
// month never replaces a good one. Each case below broke on the code before profiles and the gate.

/** Every dashboard number of a month, without who published it. */
const numbers = (k: MonthKpis | null) => {
  if (!k) return null;
  return JSON.parse(JSON.stringify({ ...k, dataAsOf: undefined })) as Omit<MonthKpis, "dataAsOf">;
};

describe("foreign exports through their profile give the contract month's numbers", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "shoplake-formats-"));
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  const monthThrough = async (dir: string, profile: SourceProfile | null) => {
    const env = await freshPipelineEnv();
    try {
      const paths = (await readdir(dir)).filter((f) => f.endsWith(".csv")).sort().map((f) => path.join(dir, f));
      const r = await runPaths("2025-11", paths, { profile });
      return { r, kpis: numbers(await getMonthKpis("2025-11")) };
    } finally {
      await env.cleanup();
    }
  };

  it.each([
    ["order-lines", "pt-BR"],
    ["order-lines", "en-US"],
    ["olist", "pt-BR"],
  ] as const)("%s %s", async (format, locale) => {
    const m = await generateMonthInFormats({
      month: "2025-11", format, locale, scale: 0.02, seed: 7, contractDir: path.join(root, format, locale, "c"), foreignDir: path.join(root, format, locale, "f"),
    });
    const contract = await monthThrough(m.contractMonthDir, null);
    const foreign = await monthThrough(m.foreignMonthDir, m.profile);
    expect(contract.r.run.status).toBe("succeeded");
    expect(foreign.r.run.status, foreign.r.run.error ?? "").toBe("succeeded");
    for (const [t, q] of Object.entries(foreign.r.quality)) expect(q.rejected, `${t}: ${JSON.stringify(q.topReasons)}`).toBe(contract.r.quality[t]?.rejected);
    const a = contract.kpis!;
    const b = foreign.kpis!;
    expect(b.revenue).toBe(a.revenue);
    if (format === "olist") {
      // Olist has no product cost and names categories in Portuguese: the rest is equal, margin is not available.
      const pt = (c: string) => OLIST_CATEGORY_NAMES[c] ?? c;
      expect(b.categories.map((c) => [c.category, c.units, c.sales])).toEqual(a.categories.map((c) => [pt(c.category), c.units, c.sales]));
      expect(b.categories.every((c) => c.margin === null && c.marginCoverage === 0)).toBe(true);
      const strip = (k: typeof a) => ({ ...k, categories: [], margin: null });
      expect(strip(b)).toEqual(strip(a));
    } else {
      expect(b).toEqual(a);
    }
  });
});

describe("shop exports as they come, and the quality gate", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  let n = 0;
  const dir = () => path.join(env.dataDir, "in", String(n++));
  beforeAll(async () => {
    env = await freshPipelineEnv();
  });
  afterAll(async () => env.cleanup());

  const ordersWith = (rows: string[][], delim = ",") =>
    [["order_id", "customer_id", "order_ts", "status", "total"].join(delim), ...rows.map((r) => r.join(delim))].join("\n") + "\n";
  const good = () => ordersWith([["o1", "c1", "2025-11-03T09:04:00Z", "paid", "54.00"], ["o2", "c2", "2025-11-04T20:03:00Z", "delivered", "21.60"], ["o3", "c1", "2025-11-05T10:00:00Z", "cancelled", "9.99"]]);

  it("a held run is offered for publishing only while no later run has published its month (it answered 409 after the confirmation)", async () => {
    const { runDetail } = await import("@/lib/portal/run-detail");
    const ops = { id: "ops-1", email: "ops@example.com", name: "Ops", role: "ops" as const };
    const commas = ordersWith([["o1", "c1", "2025-11-03T09:04:00Z", "paid", '"54,00"']]);
    const held = await runBatch(dir(), "2025-11", { ...fullMonth(), "orders.csv": commas });
    expect(held.run.status).toBe("held");
    const detail = await runDetail(held.runId, ops);
    expect(detail.can.publish).toBe(true);
    // The gate ran and held the month: its step says so beside the run's "Held" (it read "Succeeded").
    expect(detail.steps.find((s) => s.name === "QualityGate")).toMatchObject({ label: "Quality gate · held the month", status: "succeeded" });
    const later = await runBatch(dir(), "2025-11", fullMonth());
    expect(later.run.status).toBe("succeeded");
    expect((await runDetail(held.runId, ops)).can.publish).toBe(false);
    await expect(publishHeldRun(held.runId)).rejects.toMatchObject({ status: 409, code: "superseded" });
  });

  it("a good month, then a re-upload with decimal commas: held, every number unchanged; publish anyway moves them", async () => {
    const first = await runBatch(dir(), "2025-11", fullMonth());
    expect(first.run.status).toBe("succeeded");
    const before = await getMonthKpis("2025-11");
    expect(before!.revenue).toBeCloseTo(75.6, 6);

    // The same orders written with decimal commas (quoted, as spreadsheets do): without a profile every total is bad.
    const commas = ordersWith([["o1", "c1", "2025-11-03T09:04:00Z", "paid", '"54,00"'], ["o2", "c2", "2025-11-04T20:03:00Z", "delivered", '"21,60"'], ["o3", "c1", "2025-11-05T10:00:00Z", "cancelled", '"9,99"']]);
    const bad = await runBatch(dir(), "2025-11", { ...fullMonth(), "orders.csv": commas });
    expect(bad.run.status).toBe("held");
    expect(bad.run.gate!.failed).toEqual([expect.objectContaining({ table: "orders", rule: "no_rows", message: "orders loaded no row (3 read, all rejected)" })]);
    expect(bad.quality.orders).toMatchObject({ rowsIn: 3, rowsOut: 0 });
    const during = await getMonthKpis("2025-11");
    expect(numbers(during)).toEqual(numbers(before));
    expect(during!.dataAsOf).toEqual(before!.dataAsOf);

    await publishHeldRun(bad.runId);
    const published = await waitForRun(bad.runId);
    expect(published.status).toBe("succeeded");
    const after = await getMonthKpis("2025-11");
    expect(after!.dataAsOf!.runId).toBe(bad.runId);
    expect(after!.revenue).toBe(0);

    // A correction batch with only orders and order lines passes the gate and publishes; the other tables stay.
    const fix = await runBatch(dir(), "2025-11", { "orders.csv": good(), "order_items.csv": orderItemsCsv() });
    expect(fix.run.status).toBe("succeeded");
    const fixed = await getMonthKpis("2025-11");
    expect(fixed!.revenue).toBeCloseTo(75.6, 6);
    expect(fixed!.funnel).toEqual(before!.funnel);
    expect(fixed!.dataAsOf!.runId).toBe(fix.runId);
  });

  it("a month whose orders fall below half of the previous month's is held", async () => {
    const oct = await runBatch(dir(), "2025-10", fullMonth("2025-10"));
    expect(oct.run.status).toBe("succeeded");
    const one = ordersWith([["n1", "c1", "2025-12-03T09:04:00Z", "cancelled", "5.00"]]);
    // November has 2 recognised orders; December has none: below 50 % of November's.
    const dec = await runBatch(dir(), "2025-12", { "orders.csv": one });
    expect(dec.run.status).toBe("held");
    expect(dec.run.gate!.failed).toEqual([expect.objectContaining({ table: "orders", rule: "volume", value: 0, limit: 1 })]);
    expect(await getMonthKpis("2025-12")).toBeNull();
  });

  it("the admin's thresholds travel with each batch: a batch sent after a change is judged by the new ones", async () => {
    const { setSetting } = await import("@/lib/db/settings");
    const twoBad = ordersWith([["g1", "c1", "2025-11-03T09:04:00Z", "paid", "54.00"], ["g2", "c2", "2025-11-04T20:03:00Z", "delivered", "21.60"], ["g3", "c1", "2025-11-05T10:00:00Z", "lost", "1"]]);
    expect((await runBatch(dir(), "2025-11", { ...fullMonth(), "orders.csv": twoBad })).run.status).toBe("held");
    await setSetting("quality-gate", { maxRejectShare: 0.5, minVolumeShare: 0.5 }, null);
    try {
      const r = await runBatch(dir(), "2025-11", { ...fullMonth(), "orders.csv": twoBad });
      expect(r.run.status).toBe("succeeded");
      const { readFile } = await import("node:fs/promises");
      const manifest = JSON.parse(await readFile(path.join(env.dataDir, "lake", `raw/_manifests/month=2025-11/batch=${r.batchId}.json`), "utf8"));
      expect(manifest.gate).toEqual({ maxRejectShare: 0.5, minVolumeShare: 0.5 });
    } finally {
      await setSetting("quality-gate", { maxRejectShare: 0.05, minVolumeShare: 0.5 }, null);
    }
  });

  it("other shops' status words: rejected (and held) without a profile, recognised through one", async () => {
    // w5 and w6 spell a word otherwise than the profile (case, blanks, `-` for `_`): still the same word.
    const woo = ordersWith([
      ["w1", "c1", "2025-11-03T09:04:00Z", "completed", "10"], ["w2", "c1", "2025-11-04T09:04:00Z", "processing", "20"], ["w3", "c1", "2025-11-05T09:04:00Z", "on-hold", "30"],
      ["w4", "c1", "2025-11-06T09:04:00Z", "refunded", "40"], ["w5", "c1", "2025-11-07T09:04:00Z", " Completed", "1"], ["w6", "c1", "2025-11-08T09:04:00Z", "ON_HOLD", "2"],
    ]);
    const plain = await runBatch(dir(), "2025-11", { "orders.csv": woo });
    expect(plain.run.status).toBe("held");
    expect(plain.quality.orders!.topReasons).toEqual([{ reason: "status: enum", count: 6 }]);
    const profile: SourceProfile = { tables: { orders: { values: { status: { completed: "delivered", processing: "paid", "on-hold": "pending", refunded: "returned" } } } } };
    const mapped = await runPaths("2025-11", [await write("woo/orders.csv", woo)], { profile });
    expect(mapped.run.status).toBe("succeeded");
    expect(mapped.quality.orders).toMatchObject({ rowsOut: 6, rejected: 0 });
    const k = await getMonthKpis("2025-11");
    expect(k!.revenue).toBe(31); // delivered 10 + 1, paid 20; pending and returned are not recognised
  });

  it("order lines numbered 1..n per order are not duplicates", async () => {
    const items = csv(["order_id", "order_item_id", "product_id", "quantity", "unit_price"], [
      ["o1", "1", "p1", "1", "40"], ["o1", "2", "p2", "1", "14"], ["o2", "1", "p2", "1", "18"], ["o2", "1", "p2", "2", "18"],
    ]);
    const r = await runBatch(dir(), "2025-11", { ...fullMonth(), "order_items.csv": items });
    // (o2, 1) twice is a real duplicate; (o1, 1) and (o2, 1) are not.
    expect(r.quality.order_items).toMatchObject({ rowsIn: 4, rowsOut: 3, duplicates: 1 });
  });

  it("a timestamp with a space before its offset, and day-first dates through a profile", async () => {
    const orders = ordersWith([["t1", "c1", "2025-11-29 08:33:06 -0200", "paid", "10"], ["t2", "c1", "2025-11-03", "paid", "5"]]);
    const r = await runBatch(dir(), "2025-11", { ...fullMonth(), "orders.csv": orders });
    expect(r.quality.orders).toMatchObject({ rowsOut: 2, rejected: 0 });
    // The usual spelling (strptime's fast path) and short forms (the general path) load…
    const profile = { dateOrder: "DMY" as const, timezone: "America/Sao_Paulo" };
    const good = [["d1", "c1", "25/11/2025 14:10:20", "paid", "10"], ["d2", "c1", "03/11/2025 09:05", "paid", "5"], ["d3", "c1", "5/11/2025 7:05:09", "paid", "1"]];
    const withProfile = await runPaths("2025-11", [await write("dmy/orders.csv", ordersWith(good))], { profile });
    expect(withProfile.quality.orders).toMatchObject({ rowsIn: 3, rowsOut: 3, rejected: 0 });
    expect(withProfile.run.status).toBe("succeeded");
    const { getSql } = await import("@/lib/db/client");
    const rows = await (await getSql()).query<{ id: string; ts: Date }>(`SELECT order_id AS id, order_ts AS ts FROM analytics.fact_orders_enriched WHERE order_id LIKE 'd%' ORDER BY 1`);
    // São Paulo was at UTC−3 in November 2025.
    expect(rows.map((r) => [r.id, r.ts.toISOString()])).toEqual([
      ["d1", "2025-11-25T17:10:20.000Z"], ["d2", "2025-11-03T12:05:00.000Z"], ["d3", "2025-11-05T10:05:09.000Z"],
    ]);
    // …a two-digit year never reads as the year 25, whether or not the value has strptime's length.
    const twoDigit = [["d4", "c1", "25/11/25 14:10:20.5", "paid", "1"], ["d5", "c1", "25/11/25 14:10:20", "paid", "1"]];
    const bad = await runPaths("2025-11", [await write("dmy2/orders.csv", ordersWith([...good, ...twoDigit]))], { profile });
    expect(bad.quality.orders).toMatchObject({ rowsIn: 5, rowsOut: 3, rejected: 2 });
    expect(bad.quality.orders!.topReasons).toEqual([{ reason: "order_ts: timestamp", count: 2 }]);
  });

  it("a `;` file without a profile says which delimiter it seems to use; through a profile it loads", async () => {
    const semi = good().replaceAll(",", ";");
    const r = await runBatch(dir(), "2025-11", { ...fullMonth(), "orders.csv": semi });
    expect(r.quality.orders!.error).toMatch(/the header is one column: is the delimiter ";"\?/);
    const ok = await runPaths("2025-11", [await write("semi/orders.csv", semi)], { profile: { delimiter: ";" } });
    expect(ok.quality.orders).toMatchObject({ rowsOut: 3, rejected: 0 });
  });

  it("a header in the shop's own spelling (`Order Id`, `Data do pedido`) is named in the message; through a profile it loads", async () => {
    const spelled = good().replace("order_id,customer_id,order_ts,status,total", "Order Id,Cliente,Data do pedido,Status,Total");
    const r = await runBatch(dir(), "2025-11", { ...fullMonth(), "orders.csv": spelled });
    expect(r.quality.orders!.error).toBe(
      'orders.csv, line 1: missing required columns order_id, customer_id, order_ts (the file seems to name order_id as "Order Id", customer_id as "Cliente", order_ts as "Data do pedido": map them with a source profile, which the upload page suggests) (rule: required column)',
    );
    const profile = { tables: { orders: { columns: { order_id: "Order Id", customer_id: "Cliente", order_ts: "Data do pedido" } } } };
    const ok = await runPaths("2025-11", [await write("spelled/orders.csv", spelled)], { profile });
    expect(ok.quality.orders).toMatchObject({ rowsOut: 3, rejected: 0 });
  });

  it("a Latin-1 file: a clear message without a profile, its text intact through one", async () => {
    const text = csv(["customer_id", "signup_ts", "country", "city"], [["c9", "2025-11-01T00:00:00Z", "BR", "São Paulo"]]);
    const latin1 = Uint8Array.from([...text].map((ch) => ch.charCodeAt(0)));
    const r = await runBatch(dir(), "2025-11", { ...fullMonth(), "customers.csv": latin1 });
    expect(r.quality.customers!.error).toMatch(/not UTF-8 text.*source profile naming its encoding/);
    const ok = await runPaths("2025-11", [await write("latin/customers.csv", latin1)], { profile: { encoding: "latin1" } });
    expect(ok.quality.customers).toMatchObject({ rowsOut: 1, rejected: 0 });
    const { Duck } = await import("@/lib/pipeline/duck");
    const duck = await Duck.open({ timeZone: "UTC" });
    const [c] = await duck.all<{ city: string }>(`SELECT city FROM read_parquet('${env.dataDir}/lake/processed/customers/month=2025-11/*.parquet') WHERE customer_id = 'c9'`);
    await duck.close();
    expect(c!.city).toBe("São Paulo");
  });

  it("a UTF-8 file through a Windows-1252 profile, its first accent past the checked 64 KB: the table fails at that line (it was loaded as 'SÃ£o Paulo')", async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [`c${i}`, "2025-11-01T00:00:00Z", "BR", "Recife"]);
    const text = csv(["customer_id", "signup_ts", "country", "city"], [...rows, ["c9", "2025-11-01T00:00:00Z", "BR", "São Paulo"]]);
    expect(Buffer.byteLength(text.split("São")[0]!)).toBeGreaterThan(64 * 1024);
    for (const encoding of ["windows-1252", "latin1"] as const) {
      const r = await runPaths("2025-11", [await write(`late-utf8-${encoding}/customers.csv`, text)], { profile: { encoding } });
      expect(r.quality.customers).toMatchObject({ status: "failed", rowsOut: 0 });
      expect(r.quality.customers!.error).toBe(
        `customers.csv, line 3002: the file is UTF-8 text, but its profile reads it as ${encoding.toUpperCase()}: its accents would be garbled ("São" read as "SÃ£o"). Set the profile's encoding to utf-8, or send the file without the profile (rule: encoding)`,
      );
    }
  });

  it("a Windows-1252 file with an accented header and ASCII rows (read as UTF-8): the header's names in the rejects", async () => {
    // Job 1 reads such a file without DuckDB's Latin-1 decoder; the header is still the shop's own words.
    const text = csv(["Código", "Cadastro", "País", "Município"], [["c8", "2025-11-01T00:00:00Z", "BR", "Recife"], ["c9", "2025-11-01T00:00:00Z", "Brasil", "Natal"]]);
    const cp1252 = Uint8Array.from([...text].map((ch) => ch.charCodeAt(0)));
    const profile: SourceProfile = { encoding: "windows-1252", tables: { customers: { columns: { customer_id: "Código", signup_ts: "Cadastro", country: "País", city: "Município" } } } };
    const r = await runPaths("2025-11", [await write("ascii-rows/customers.csv", cp1252)], { profile });
    expect(r.quality.customers).toMatchObject({ rowsOut: 1, rejected: 1 });
    const { rejectsCsv } = await import("@/lib/services/rejects");
    const { csvObjects } = await import("../support/csv");
    const [reject] = csvObjects(await rejectsCsv(r.runId, "customers"));
    expect(reject).toMatchObject({ line: "3", column: "País" });
    expect(JSON.parse(reject!.raw!)).toEqual({ Código: "c9", Cadastro: "2025-11-01T00:00:00Z", País: "Brasil", Município: "Natal" });
  });

  it("the shop's column names (`Order ID`) through a profile; a rejected row shows the source's column and raw text", async () => {
    const shop = csv(["Order ID", "Customer", "Date", "State", "Amount"], [["s1", "c1", "2025-11-03T09:04:00Z", "paid", "10"], ["s2", "c1", "2025-11-04T09:04:00Z", "paid", "ten"]]);
    const profile: SourceProfile = { tables: { orders: { columns: { order_id: "Order ID", customer_id: "Customer", order_ts: "Date", status: "State", total: "Amount" } } } };
    const r = await runPaths("2025-11", [await write("shop/orders.csv", shop)], { profile });
    expect(r.quality.orders).toMatchObject({ rowsIn: 2, rowsOut: 1, rejected: 1 });
    expect(r.quality.orders!.topReasons).toEqual([{ reason: "Amount: decimal", count: 1 }]);
    const { rejectsCsv } = await import("@/lib/services/rejects");
    const { csvObjects } = await import("../support/csv");
    const [x] = csvObjects(await rejectsCsv(r.runId, "orders"));
    expect(x).toMatchObject({ line: "3", column: "Amount", rule: "decimal" });
    expect(JSON.parse(x!.raw!)).toEqual({ "Order ID": "s2", Customer: "c1", Date: "2025-11-04T09:04:00Z", State: "paid", Amount: "ten" });
  });

  it("an order-lines export: a rejected order shows its first line as the source wrote it, at its physical line", async () => {
    // o2's lines disagree on the customer (a conflict); a malformed line before it is the reader's own reject,
    // so record numbers and physical lines differ, and the raw row must still be o2's first line.
    const header = ["Order", "Line", "Customer", "Date", "State", "Product", "Qty", "Price"];
    const text = [
      header.join(","),
      "o1,1,c1,2025-11-03T09:04:00Z,paid,p1,1,10.00",
      "o1,2,c1,2025-11-03T09:04:00Z,paid,p2,2,5.00",
      "broken,line,with,too,many,fields,here,x,y,z",
      "o2,1,c1,2025-11-04T09:04:00Z,paid,p1,1,10.00",
      "o2,2,c2,2025-11-04T09:04:00Z,paid,p2,1,5.00",
      "",
    ].join("\n");
    const profile: SourceProfile = {
      tables: {
        orders: { file: "lines*.csv", columns: { order_id: "Order", customer_id: "Customer", order_ts: "Date", status: "State" } },
        order_items: { file: "lines*.csv", columns: { order_id: "Order", order_item_id: "Line", product_id: "Product", quantity: "Qty", unit_price: "Price" } },
      },
    };
    const r = await runPaths("2025-11", [await write("lines/lines.csv", text)], { profile });
    expect(r.quality.orders).toMatchObject({ rowsIn: 3, rowsOut: 1, rejected: 2 });
    const { rejectsCsv } = await import("@/lib/services/rejects");
    const { csvObjects } = await import("../support/csv");
    const rejects = csvObjects(await rejectsCsv(r.runId, "orders"));
    const conflict = rejects.find((x) => x.rule === "conflict")!;
    expect(conflict).toMatchObject({ line: "5", column: "Customer" });
    expect(JSON.parse(conflict.raw!)).toEqual({ Order: "o2", Line: "1", Customer: "c1", Date: "2025-11-04T09:04:00Z", State: "paid", Product: "p1", Qty: "1", Price: "10.00" });
    expect(rejects.find((x) => x.rule === "csv")).toMatchObject({ line: "4" });
    // Each table reads its own columns of the file: the other's are not "unknown columns ignored".
    for (const t of ["orders", "order_items"] as const) expect(r.quality[t]!.warnings.join("; "), t).not.toContain("unknown columns");
  });

  it("an order-lines export whose lines spell one value two ways ('30' and '30.00', 'paid' and 'PAID', one instant with and without Z) is one order, not a conflict", async () => {
    const header = ["Order", "Line", "Customer", "Date", "State", "Order Total", "Product", "Qty", "Price"];
    const text = [
      header.join(","),
      "a1,1,c1,2025-11-03T10:00:00Z,paid,30,p1,1,10",
      "a1,2,c1,2025-11-03 10:00:00,PAID,30.00,p2,2,10",
      // A real disagreement is still one: a2's totals differ.
      "a2,1,c1,2025-11-04T10:00:00Z,paid,30,p1,1,10",
      "a2,2,c1,2025-11-04T10:00:00Z,paid,31,p2,2,10",
      // And a3's times are an hour apart, however written.
      "a3,1,c1,2025-11-05T10:00:00Z,paid,30,p1,1,10",
      "a3,2,c1,2025-11-05 10:00:00 -0100,paid,30,p2,2,10",
      "",
    ].join("\n");
    const profile: SourceProfile = {
      tables: {
        orders: { file: "spelled*.csv", columns: { order_id: "Order", customer_id: "Customer", order_ts: "Date", status: "State", total: "Order Total" } },
        order_items: { file: "spelled*.csv", columns: { order_id: "Order", order_item_id: "Line", product_id: "Product", quantity: "Qty", unit_price: "Price" } },
      },
    };
    const r = await runPaths("2025-11", [await write("spelled/spelled.csv", text)], { profile });
    expect(r.quality.orders).toMatchObject({ rowsIn: 3, rowsOut: 1, rejected: 2 });
    const { rejectsCsv } = await import("@/lib/services/rejects");
    const { csvObjects } = await import("../support/csv");
    const rejects = csvObjects(await rejectsCsv(r.runId, "orders"));
    expect(rejects.map((x) => [x.line, x.column, x.rule])).toEqual([["4", "Order Total", "conflict"], ["6", "Date", "conflict"]]);
  });

  it("an order-lines export without a line column (Shopify's: order fields on an order's first line only) numbers each order's lines in file order", async () => {
    const text = [
      "Name,Created at,Financial Status,Total,Lineitem quantity,Lineitem price,Lineitem sku,Email",
      "#1001,2025-12-03 09:04:00 +0100,paid,50.00,1,40.00,p1,ann@example.com",
      "#1002,2025-12-04 10:00:00 +0100,refunded,20.00,2,10.00,p2,bob@example.com",
      "#1001,,,,1,10.00,p2,",
      "#1003,2025-12-05 10:00:00 +0100,paid,30.00,x,10.00,p2,cy@example.com",
      "#1003,,,,3,10.00,p1,",
      "",
    ].join("\n");
    const profile: SourceProfile = {
      tables: {
        orders: {
          file: "orders_export*.csv",
          columns: { order_id: "Name", customer_id: "Email", order_ts: "Created at", status: "Financial Status", total: "Total" },
          values: { status: { refunded: "returned" } },
        },
        order_items: { file: "orders_export*.csv", columns: { order_id: "Name", product_id: "Lineitem sku", quantity: "Lineitem quantity", unit_price: "Lineitem price" } },
      },
    };
    const r = await runPaths("2025-12", [await write("shopify/orders_export_1.csv", text)], { profile });
    expect(r.run.status).toBe("held"); // one line of five rejected is over the gate's 5 %
    expect(r.quality.orders).toMatchObject({ rowsIn: 3, rowsOut: 3, rejected: 0 });
    expect(r.quality.order_items).toMatchObject({ rowsIn: 5, rowsOut: 4, rejected: 1 });
    expect(r.quality.order_items!.warnings).toContain("no order_item_id column: each line is numbered 1, 2, … within its order in file order");
    const { rejectsCsv } = await import("@/lib/services/rejects");
    const { csvObjects } = await import("../support/csv");
    const [bad] = csvObjects(await rejectsCsv(r.runId, "order_items"));
    expect(bad).toMatchObject({ line: "5", column: "Lineitem quantity", rule: "integer" });
    // The staged lines: numbered within their order, in the file's order, whatever lies between.
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const conn = await (await DuckDBInstance.create(":memory:")).connect();
    const { lakeKeys } = await import("@/lib/lake/keys");
    const staged = path.join(env.dataDir, "lake", lakeKeys.stagedPrefix("2025-12", r.run.executionName, "processed", "order_items"), "*.parquet");
    const lines = (await conn.runAndReadAll(`SELECT order_id, order_item_id, product_id FROM read_parquet('${staged}') ORDER BY ALL`)).getRows();
    expect(lines).toEqual([
      ["#1001", "1", "p1"],
      ["#1001", "2", "p2"],
      ["#1002", "1", "p2"],
      ["#1003", "2", "p1"],
    ]);
  });

  const write = async (rel: string, content: string | Uint8Array) => {
    const { mkdir, writeFile } = await import("node:fs/promises");
    const p = path.join(env.dataDir, "in", rel);
    await mkdir(path.dirname(p), { recursive: true });
    await writeFile(p, content);
    return p;
  };
});
