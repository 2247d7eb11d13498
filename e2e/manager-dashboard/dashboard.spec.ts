import { readFileSync } from "node:fs";
import { expect, test, type Locator } from "@playwright/test";
import type { MonthKpis } from "../../lib/analytics/types";
import { createAccount, loginAs, snap } from "../support";
import { DASHBOARD_MONTHS, NO_ORDERS_MONTH, PARTIAL_MONTH, expectedKpisPath } from "./months";

/** `npm run kpis -- --month M --json`, recorded by before-server.ts against the server's DATA_DIR. */
function expectedKpis(month: string): MonthKpis {
  const dataDir = process.env.E2E_DATA_DIR;
  if (!dataDir) throw new Error("E2E_DATA_DIR is set by the e2e global setup");
  return JSON.parse(readFileSync(expectedKpisPath(dataDir, month), "utf8")) as MonthKpis;
}

async function dataValue(el: Locator): Promise<number> {
  const v = await el.getAttribute("data-value");
  expect(v, "data-value present").not.toBeNull();
  expect(v).not.toBe("");
  return Number(v);
}

async function expectKpiCards(page: import("@playwright/test").Page, k: MonthKpis) {
  const cards: [string, number | null, number | null | undefined][] = [
    ["Revenue", k.revenue, k.mom?.revenue],
    ["Orders", k.orders, k.mom?.orders],
    ["Buyers", k.buyers, k.mom?.buyers],
    ["Average order value", k.aov, k.mom?.aov],
  ];
  for (const [title, value, mom] of cards) {
    const card = page.getByRole("region", { name: title, exact: true });
    await expect(card).toBeVisible();
    // The exact, unrounded number (integers and DECIMAL sums come back identical).
    expect(await dataValue(card.locator("[data-value]")), title).toBe(value);
    if (mom === null || mom === undefined) await expect(card).toContainText("No earlier month");
    else expect(Number(await card.locator("[data-delta]").getAttribute("data-delta")), `${title} MoM`).toBe(mom);
  }
}

test("manager dashboard shows the numbers of `npm run kpis`", async ({ page }) => {
  const [first, month] = DASHBOARD_MONTHS;
  const k = expectedKpis(month);
  const manager = await createAccount("manager");
  await loginAs(page, manager);

  await page.goto(`/dashboard?month=${month}`);
  await expect(page.getByLabel("Month")).toHaveValue(month);
  // Amounts in the shop's currency (SHOP_CURRENCY=EUR for this server): a server-drawn card, a browser-drawn chart.
  await expect(page.getByRole("region", { name: "Revenue", exact: true })).toContainText("€");
  await expect(page.getByRole("img", { name: /^Weekly revenue: .*€/ })).toBeVisible();
  // The generated orders are in USD: the page says its € amounts are not converted.
  await expect(page.getByTestId("currency-note")).toHaveText("This period's orders are in USD; the dashboard writes amounts in EUR (SHOP_CURRENCY) without converting them.");
  await expectKpiCards(page, k);
  expect(k.mom).not.toBeNull(); // the previous month is loaded too

  // Funnel: the five counts, and the biggest drop marked on the right step pair.
  const f = k.funnel;
  if (!f.available) throw new Error("the generated month has sessions and events");
  for (const step of ["sessions", "browsed", "cart", "checkout", "purchased"] as const) {
    expect(await dataValue(page.locator(`[data-step="${step}"] [data-value]`)), step).toBe(f[step]);
  }
  const biggest = page.locator("[data-biggest-drop]");
  await expect(biggest).toHaveCount(1);
  await expect(biggest).toContainText("Biggest drop");
  await expect(page.locator(`[data-step="${f.biggestDrop!.to}"] [data-biggest-drop]`)).toHaveCount(1);
  await expect(page.locator("[data-not-available]")).toHaveCount(0);

  // Data as of the run that produced it.
  await expect(page.getByTestId("data-as-of")).toContainText(`data as of run ${k.dataAsOf!.runId.slice(0, 8)}`);

  // CSV per chart carries the same numbers.
  const csv = await page.request.get(`/api/dashboard/csv?month=${month}&chart=country`);
  expect(csv.status()).toBe(200);
  const rows = (await csv.text()).trim().split("\r\n").slice(1).map((l) => l.split(","));
  expect(Object.fromEntries(rows.map(([, c, v]) => [c!, Number(v)]))).toEqual(k.revenueByCountry);
  const channels = await page.request.get(`/api/dashboard/csv?month=${month}&chart=channel`);
  const channelRows = (await channels.text()).trim().split("\r\n").slice(1).map((l) => l.split(","));
  expect(Object.fromEntries(channelRows.map(([, c, v]) => [c!, Number(v)]))).toEqual(k.revenueByChannel);
  const weekly = await page.request.get(`/api/dashboard/csv?month=${month}&chart=weekly`);
  expect((await weekly.text()).trim().split("\r\n").length - 1).toBe(k.weekly.length);

  // Every chart drew something.
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await snap(page, "dashboard");

  // The month selector moves to the other month and its own numbers.
  await page.getByLabel("Month").selectOption(first);
  await expect(page).toHaveURL(new RegExp(`month=${first}$`));
  await expectKpiCards(page, expectedKpis(first));

  // Dark theme and a tablet-sized window.
  await page.emulateMedia({ colorScheme: "dark" });
  await page.setViewportSize({ width: 820, height: 1180 });
  await page.goto(`/dashboard?month=${month}`);
  await expect(page.getByRole("region", { name: "Revenue", exact: true })).toBeVisible();
  await snap(page, "dashboard-dark-tablet");
});

test("a month without data says so and shows the latest", async ({ page, browser }) => {
  const manager = await createAccount("manager");
  await loginAs(page, manager);
  await page.goto("/dashboard?month=1999-01");
  await expect(page.getByText("No data for January 1999")).toBeVisible();
  const latest = await page.getByLabel("Month").inputValue();
  expect(latest >= DASHBOARD_MONTHS[1]).toBeTruthy();

  // The CSV API is the dashboard's: a client is refused.
  const client = await createAccount("client", "nodash");
  const ctx = await browser.newContext();
  try {
    const other = await ctx.newPage();
    await loginAs(other, client);
    const res = await other.request.get(`/api/dashboard/csv?month=${DASHBOARD_MONTHS[1]}&chart=weekly`);
    expect(res.status()).toBe(403);
  } finally {
    await ctx.close();
  }
});

test("a month without sessions/events and products without cost says what is not available", async ({ page }) => {
  const k = expectedKpis(PARTIAL_MONTH);
  // What the seed made: the CLI's numbers say so before the page is checked.
  expect(k.funnel.available).toBe(false);
  expect(k.heatmap.sessions.available).toBe(false);
  expect(k.margin.coverage).toBeGreaterThan(0);
  expect(k.margin.coverage).toBeLessThan(1);
  const names = k.categories.map((c) => c.category);
  expect(names).toEqual(expect.arrayContaining(["Unknown product", "Uncategorised"]));
  expect(k.categories.some((c) => c.margin === null)).toBe(true);
  if (!k.postSale.available) throw new Error("the partial month has reviews");

  const manager = await createAccount("manager", "partial");
  await loginAs(page, manager);
  await page.goto(`/dashboard?month=${PARTIAL_MONTH}`);
  await expectKpiCards(page, k);

  // Funnel and sessions heatmap: the reason in words, no bars, no zeros.
  await expect(page.getByRole("status").filter({ hasText: "Not available — this month has no sessions or events" })).toBeVisible();
  await expect(page.locator("[data-step]")).toHaveCount(0);
  await expect(page.getByRole("status").filter({ hasText: "Not available — this month has no sessions" }).last()).toBeVisible();

  // Margin with its coverage; the two catch-all buckets by name.
  const coverage = page.getByTestId("margin-coverage");
  await expect(coverage).toHaveText(`margin on ${(k.margin.coverage! * 100).toFixed(0)}% of sales`);
  expect(Number(await coverage.getAttribute("data-value"))).toBe(k.margin.coverage);
  const notes = page.getByTestId("category-notes");
  await expect(notes).toContainText("Unknown product: lines whose product is in no products file.");
  const noCost = k.categories.filter((c) => c.margin === null).map((c) => c.category);
  await expect(notes).toContainText(`No margin (no product cost known): ${noCost.join(", ")}.`);
  const chart = page.getByRole("img", { name: /^Sales and margin by category/ });
  await expect(chart).toHaveAttribute("aria-label", /Unknown product .*margin not available \(no product cost\)/);
  await expect(chart).toHaveAttribute("aria-label", /Uncategorised /);

  // The review share and its note.
  const postSale = page.getByTestId("post-sale");
  await expect(postSale).toContainText("grows as later months are loaded");
  expect(Number(await postSale.locator("[data-value]").getAttribute("data-value"))).toBe(k.postSale.reviewShare);
  await snap(page, "dashboard-partial-month");
  // The orders heatmap needs only orders: one click away.
  await page.getByRole("button", { name: "Orders", exact: true }).click();
  await expect(page.getByRole("img", { name: /^orders by day and hour/ })).toBeVisible();

  // CSVs: an explicit marker, never a 0 or a blank, and the coverage column.
  const funnel = (await (await page.request.get(`/api/dashboard/csv?month=${PARTIAL_MONTH}&chart=funnel`)).text()).trim().split("\r\n");
  expect(funnel[0]).toBe("month,step,sessions_reaching,conversion_from_previous,drop_from_previous,biggest_drop,note");
  expect(funnel.slice(1)).toHaveLength(5);
  for (const line of funnel.slice(1)) expect(line).toMatch(/^2024-04,\w+,not available,not available,not available,,this month has no sessions or events$/);
  const cats = (await (await page.request.get(`/api/dashboard/csv?month=${PARTIAL_MONTH}&chart=categories`)).text()).trim().split("\r\n");
  expect(cats[0]).toBe("month,category,units,sales,sales_with_cost,margin,margin_coverage");
  expect(cats.find((l) => l.startsWith("2024-04,Unknown product,"))).toMatch(/,0,not available,0$/);

  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await expect(page.getByTestId("margin-coverage")).toBeVisible();
  await snap(page, "dashboard-partial-month-dark");
});

test("a month of sessions and events alone: no revenue, orders or buyers, said so, never 0", async ({ page }) => {
  const k = expectedKpis(NO_ORDERS_MONTH);
  expect(k).toMatchObject({ revenue: null, orders: null, buyers: null, aov: null });
  expect(k.missing).toEqual(expect.arrayContaining(["orders", "order_items"]));
  if (!k.funnel.available) throw new Error("the month has sessions and events");

  const manager = await createAccount("manager", "noorders");
  await loginAs(page, manager);
  await page.goto(`/dashboard?month=${NO_ORDERS_MONTH}`);
  for (const title of ["Revenue", "Orders", "Buyers", "Average order value"]) {
    const card = page.getByRole("region", { name: title, exact: true });
    await expect(card).toContainText("Not available: this month has no orders");
    await expect(card.locator("[data-value]")).toHaveAttribute("data-value", "");
    await expect(card.locator("[data-delta]")).toHaveCount(0);
  }
  // Weekly revenue, categories, countries, channels and top products each say why; the funnel is there.
  await expect(page.getByRole("status").filter({ hasText: "Not available — this month has no orders" })).toHaveCount(5);
  await expect(page.getByRole("status").filter({ hasText: "Not available — this month has no orders or order lines" })).toHaveCount(2);
  await expect(page.locator("[data-step]")).toHaveCount(5);
  await expect(page.getByTestId("post-sale")).toContainText("not available — this month has no orders");
  // The compare panel: this month has no numbers to compare.
  await expect(page.getByRole("table", { name: "Side by side" })).toContainText("not available (no orders)");
  await snap(page, "dashboard-no-orders-month");
  // The heatmap shows sessions; its orders view says why.
  await expect(page.getByRole("img", { name: /^sessions by day and hour/ })).toBeVisible();
  await page.getByRole("button", { name: "Orders", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: "Not available — this month has no orders" })).toHaveCount(6);

  const kpis = (await (await page.request.get(`/api/dashboard/csv?month=${NO_ORDERS_MONTH}&chart=kpis`)).text()).trim().split("\r\n");
  expect(kpis).toContain(`${NO_ORDERS_MONTH},revenue,not available,,this month has no orders`);

  // In a range, the month's row has no numbers and says why; the months around it keep theirs.
  await page.goto(`/dashboard?from=${PARTIAL_MONTH}&to=${NO_ORDERS_MONTH}`);
  const row = page.locator(`tr[data-month="${NO_ORDERS_MONTH}"]`);
  await expect(row.locator('[data-metric="revenue"]')).toHaveText("—");
  await expect(row.locator('[data-metric="revenue"]')).toHaveAttribute("data-value", "");
  await expect(row).toContainText("orders: not available");
  const partial = page.locator(`tr[data-month="${PARTIAL_MONTH}"] [data-metric="revenue"]`);
  expect(Number(await partial.getAttribute("data-value"))).toBe(expectedKpis(PARTIAL_MONTH).revenue);
  await snap(page, "dashboard-range-with-no-orders-month");
});
