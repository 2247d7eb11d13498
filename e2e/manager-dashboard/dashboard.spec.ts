import { readFileSync } from "node:fs";
import { expect, test, type Locator } from "@playwright/test";
import type { MonthKpis } from "../../lib/analytics/types";
import { createAccount, loginAs, snap } from "../support";
import { DASHBOARD_MONTHS, expectedKpisPath } from "./months";

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
  await expectKpiCards(page, k);
  expect(k.mom).not.toBeNull(); // the previous month is loaded too

  // Funnel: the five counts, and the biggest drop marked on the right step pair.
  for (const step of ["sessions", "browsed", "cart", "checkout", "purchased"] as const) {
    expect(await dataValue(page.locator(`[data-step="${step}"] [data-value]`)), step).toBe(k.funnel[step]);
  }
  const biggest = page.locator("[data-biggest-drop]");
  await expect(biggest).toHaveCount(1);
  await expect(biggest).toContainText("Biggest drop");
  await expect(page.locator(`[data-step="${k.funnel.biggestDrop!.to}"] [data-biggest-drop]`)).toHaveCount(1);

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
