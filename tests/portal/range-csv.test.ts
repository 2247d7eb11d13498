// The dashboard's CSV route for periods and filters: rows carry the period and filters, filters reach
// the numbers, per-month charts refuse what they cannot take, bad filter values are a 400.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import type { SessionUser } from "@/lib/auth/session";
import { parseCsv } from "../support/csv";
import { fullMonth, productsCsv } from "../support/fixtures";
import { freshPipelineEnv, runBatch } from "../support/pipeline-env";

let currentUser: SessionUser | null = null;
vi.mock("@/lib/auth/session", () => ({ getSessionUser: async () => currentUser }));
const route = await import("@/app/api/dashboard/csv/route");

describe("dashboard CSV over a period, with filters", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  beforeAll(async () => {
    env = await freshPipelineEnv();
    const { createUser } = await import("@/lib/db/users");
    const m = await createUser({ email: "range-csv@example.com", password: "lantern-quietly-harbors", role: "manager" });
    currentUser = { id: m.id, email: m.email, name: "M", role: "manager" };
    for (const month of ["2025-10", "2025-11"]) expect((await runBatch(path.join(env.dataDir, month), month, fullMonth(month))).run.status).toBe("succeeded");
    // A shop's own category names: Olist's snake_case, a Shopify-like path with ">", ";" and "%".
    const products = productsCsv().replace(",Home,", ",cama_mesa_banho,").replace(",Kitchen,", `,"Cozinha > Xícaras; 50% off",`);
    // …and one of its paid orders in USD beside the EUR ones.
    const orders = fullMonth("2025-12")["orders.csv"].replace(",delivered,EUR,", ",delivered,USD,");
    expect((await runBatch(path.join(env.dataDir, "2025-12"), "2025-12", { ...fullMonth("2025-12"), "products.csv": products, "orders.csv": orders })).run.status).toBe("succeeded");
  });
  afterAll(async () => env.cleanup());

  const getRangeKpisOf = async (from: string, to: string) => (await import("@/lib/services/range-kpis")).getRangeKpis(from, to, {});
  const get = async (q: string) => route.GET(new NextRequest(new URL(`/api/dashboard/csv?${q}`, "http://127.0.0.1:3000")), { params: Promise.resolve({}) });

  it("the trend of a range under a filter: period and filters on every row, the filtered numbers", async () => {
    const res = await get("from=2025-10&to=2025-11&country=DE&chart=trend");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("shoplake_2025-10_2025-11_trend_DE.csv");
    const [header, ...rows] = parseCsv(await res.text()).filter((r) => r.length > 1);
    expect(header!.slice(0, 10)).toEqual(["from", "to", "filter_country", "filter_channel", "filter_device", "filter_category", "month", "revenue", "orders", "buyers"]);
    // The fixture month: o2 (DE, 21.60) is DE's only recognised order; o1 is FR (from its customer).
    expect(rows.map((r) => r.slice(0, 10))).toEqual([
      ["2025-10", "2025-11", "DE", "all", "all", "all", "2025-10", "21.6", "1", "1"],
      ["2025-10", "2025-11", "DE", "all", "all", "all", "2025-11", "21.6", "1", "1"],
    ]);
    const total = parseCsv(await (await get("from=2025-10&to=2025-11&country=DE&chart=total")).text());
    expect(total[1]!.slice(6)).toEqual(["43.2", "2", "1", "21.6"]); // one distinct buyer over the range
  });

  it("every chart's header names each column once, filtered or not (the filters' columns are filter_*)", async () => {
    const { CHARTS } = await import("@/app/api/dashboard/csv/chart-csv");
    const { RANGE_CHARTS } = await import("@/app/api/dashboard/csv/range-csv");
    const queries = [
      ...CHARTS.map((chart) => `month=2025-11&chart=${chart}`),
      ...RANGE_CHARTS.flatMap((chart) => [`month=2025-11&category=Home&country=FR&chart=${chart}`, `from=2025-10&to=2025-11&chart=${chart}`]),
    ];
    for (const q of queries) {
      const res = await get(q);
      expect(res.status, q).toBe(200);
      const header = parseCsv(await res.text())[0]!;
      expect(header.filter((name, i) => header.indexOf(name) !== i), q).toEqual([]);
    }
  });

  it("a month with a category filter; per-month charts refuse filters; bad values are 400", async () => {
    const cats = parseCsv(await (await get("month=2025-11&category=Home&chart=categories")).text()).filter((r) => r.length > 1);
    expect(cats.slice(1).map((r) => [r[0], r[5], r[6], r[7]])).toEqual([["2025-11", "Home", "Home", "1"]]);
    expect((await get("month=2025-11&country=FR&chart=funnel")).status).toBe(400);
    expect((await get("from=2025-10&to=2025-11&chart=weekly")).status).toBe(400);
    expect((await get("from=2025-10&to=2025-11&chart=trend&country=FR'--")).status).toBe(400);
    expect((await get("from=2025-11&to=2025-10&chart=trend")).status).toBe(400);
    // Months outside 1970 … 2999 are refused by the query schema; a range within them is at most five years.
    expect((await get("from=0001-01&to=9999-12&chart=trend")).status).toBe(400);
    const huge = await get("from=1970-01&to=2999-12&chart=trend");
    expect(huge.status).toBe(400);
    expect(await huge.json()).toMatchObject({ error: { code: "bad_period", message: "Cannot read 1970-01 … 2999-12: a range is at most 60 months." } });
    expect((await get("from=2021-01&to=2025-12&chart=trend")).status).toBe(200);
    expect((await get("from=2020-12&to=2025-12&chart=trend")).status).toBe(400);
    // The currencies of a period's recognised orders, for the page's note (a cancelled USD order does not count).
    expect((await getRangeKpisOf("2025-10", "2025-11")).currencies).toEqual({ count: 1, first: "EUR", last: "EUR" });
    expect((await getRangeKpisOf("2025-10", "2025-12")).currencies).toEqual({ count: 2, first: "EUR", last: "USD" });
    // The service holds the same line for any other caller (the dashboard page, the CLI).
    const { getFilterOptions, getRangeKpis } = await import("@/lib/services/range-kpis");
    await expect(getRangeKpis("0001-01", "9999-12", {})).rejects.toMatchObject({ status: 400, code: "bad_period" });
    await expect(getFilterOptions("2025-11", "2025-10")).rejects.toMatchObject({ status: 400, code: "bad_period" });
    // Categories are the shop's text: any of it filters, as a literal; control characters do not.
    const total = async (category: string) => parseCsv(await (await get(`from=2025-12&to=2025-12&category=${encodeURIComponent(category)}&chart=total`)).text())[1]!.slice(6, 8);
    expect(await total("cama_mesa_banho")).toEqual(["54", "1"]);
    expect(await total("Cozinha > Xícaras; 50% off")).toEqual(["21.6", "1"]);
    expect(await total("Home' OR 'x")).toEqual(["0", "0"]);
    expect((await get(`from=2025-12&to=2025-12&category=${encodeURIComponent("Home\n")}&chart=total`)).status).toBe(400);
    expect((await get(`from=2025-12&to=2025-12&category=${"x".repeat(501)}&chart=total`)).status).toBe(400);
    // Without filters a month's chart is the month view's CSV, as before.
    expect((await (await get("month=2025-11&chart=country")).text()).split("\r\n")[0]).toBe("month,country,revenue");
  });
});
