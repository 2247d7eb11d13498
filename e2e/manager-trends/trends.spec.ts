import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { loadMonth } from "../../tests/support/expected-kpis";
import { enrichedOrders, expectedRange } from "../../tests/support/expected-range";
import { parseCsv } from "../../tests/support/csv";
import { createAccount, loginAs, snap } from "../support";
import { TREND_MONTHS, choicePath, cliPath, csvDir, type TrendChoice } from "./months";

interface CliRange {
  months: { month: string; revenue: number; orders: number; buyers: number; aov: number | null }[];
  total: { revenue: number; orders: number; buyers: number; aov: number | null };
  cohorts: unknown[];
}

const dataDir = () => {
  const d = process.env.E2E_DATA_DIR;
  if (!d) throw new Error("E2E_DATA_DIR is set by the e2e global setup");
  return d;
};

async function cardValue(page: Page, title: string): Promise<number> {
  const v = await page.getByRole("region", { name: title, exact: true }).locator("[data-value]").getAttribute("data-value");
  return Number(v);
}

test("a manager picks six months, filters to a country, drills into a category and downloads its CSV", async ({ page }) => {
  const dir = dataDir();
  const choice = JSON.parse(readFileSync(choicePath(dir), "utf8")) as TrendChoice;
  const cli = JSON.parse(readFileSync(cliPath(dir), "utf8")) as CliRange;
  const loaded = Object.fromEntries(await Promise.all(TREND_MONTHS.map(async (m) => [m, await loadMonth(path.join(csvDir(dir), m))] as const)));
  const orders = enrichedOrders(loaded);
  const [from, to] = [TREND_MONTHS[0], TREND_MONTHS[5]];
  const all = expectedRange(orders, from, to);
  const inCountry = expectedRange(orders, from, to, { country: choice.country });
  const drilled = expectedRange(orders, from, to, choice);

  const manager = await createAccount("manager", "trends");
  await loginAs(page, manager);

  // The default view is a range (the last loaded months); the manager picks the six months.
  await page.goto("/dashboard");
  await expect(page.getByLabel("Period", { exact: true })).toHaveValue("range");
  await page.getByLabel("From", { exact: true }).selectOption(from);
  await expect(page).toHaveURL(new RegExp(`from=${from}`));
  await page.getByLabel("To", { exact: true }).selectOption(to);
  await expect(page).toHaveURL(new RegExp(`from=${from}&to=${to}$`));
  await expect(page.locator("tr[data-month]")).toHaveCount(6);
  await expect.poll(() => cardValue(page, "Orders")).toBe(all.total.orders);
  expect(await cardValue(page, "Buyers")).toBe(all.total.buyers);
  expect(await cardValue(page, "Revenue")).toBeCloseTo(all.total.revenue, 2);
  await expect(page.getByRole("table", { name: "Cohort retention" })).toBeVisible();

  // One country, from the filter bar.
  await page.getByLabel("Country", { exact: true }).selectOption(choice.country);
  await expect(page).toHaveURL(new RegExp(`country=${choice.country}`));
  await expect.poll(() => cardValue(page, "Orders")).toBe(inCountry.total.orders);
  expect(await cardValue(page, "Revenue")).toBeCloseTo(inCountry.total.revenue, 2);

  // Drill-down: a click on the largest category's bar filters to it.
  const categories = page.getByRole("img", { name: /^Sales and margin by category/ });
  await expect(categories).toHaveAttribute("aria-label", new RegExp(`^Sales and margin by category: ${choice.category.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} `));

  // The keyboard's path to the same drill-down: Tab from the chart's CSV link reaches a button per bar,
  // with a visible focus ring, and Enter filters to it.
  await page.getByRole("link", { name: "Download Sales and margin by category as CSV" }).focus();
  const drillList = page.getByRole("list", { name: "Filter to a category" });
  for (let i = 0; i < 8 && !(await drillList.evaluate((l) => l.contains(document.activeElement))); i++) await page.keyboard.press("Tab");
  const focused = drillList.getByRole("button", { name: choice.category, exact: true });
  await expect(focused).toBeFocused();
  expect(await focused.evaluate((b) => b.matches(":focus-visible") && getComputedStyle(b).outlineStyle !== "none")).toBe(true);
  await snap(page, "dashboard-trends-drill-keyboard");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/category=/);
  expect(new URL(page.url()).searchParams.get("category")).toBe(choice.category);
  expect(new URL(page.url()).searchParams.get("country")).toBe(choice.country);
  await expect.poll(() => cardValue(page, "Orders")).toBe(cli.total.orders);
  // Country and channel have their own lists.
  await expect(page.getByRole("list", { name: "Filter to a country" }).getByRole("button").first()).toBeVisible();
  await expect(page.getByRole("list", { name: "Filter to a channel" }).getByRole("button").first()).toBeVisible();
  await page.goBack();
  await expect(page).not.toHaveURL(/category=/);
  await expect.poll(() => cardValue(page, "Orders")).toBe(inCountry.total.orders);

  // …and the mouse's: a click on the bar.
  await categories.locator(".recharts-bar-rectangle").first().click();
  await expect(page).toHaveURL(/category=/);
  expect(new URL(page.url()).searchParams.get("category")).toBe(choice.category);
  expect(new URL(page.url()).searchParams.get("country")).toBe(choice.country);
  await expect.poll(() => cardValue(page, "Orders")).toBe(cli.total.orders);
  expect(cli.total.orders).toBe(drilled.total.orders);
  expect(await cardValue(page, "Buyers")).toBe(cli.total.buyers);
  expect(await cardValue(page, "Revenue")).toBe(cli.total.revenue);
  await snap(page, "dashboard-trends-drilled");

  // The back button undoes the drill-down, forward redoes it.
  await page.goBack();
  await expect(page).not.toHaveURL(/category=/);
  await expect.poll(() => cardValue(page, "Orders")).toBe(inCountry.total.orders);
  await page.goForward();
  await expect.poll(() => cardValue(page, "Orders")).toBe(cli.total.orders);

  // The trend's CSV carries the period and both filters, and the CLI's and oracle's numbers.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download Trend as CSV" }).click();
  const file = await (await download).path();
  const [header, ...rows] = parseCsv(readFileSync(file, "utf8")).filter((r) => r.length > 1);
  const col = (name: string) => header!.indexOf(name);
  expect(header!.slice(0, 7)).toEqual(["from", "to", "filter_country", "filter_channel", "filter_device", "filter_category", "month"]);
  expect(rows).toHaveLength(6);
  for (const [i, r] of rows.entries()) {
    const c = cli.months[i]!;
    const o = drilled.months[i]!;
    expect([r[col("from")], r[col("to")], r[col("filter_country")], r[col("filter_channel")], r[col("filter_device")], r[col("filter_category")]]).toEqual([from, to, choice.country, "all", "all", choice.category]);
    expect(r[col("month")]).toBe(c.month);
    expect(Number(r[col("revenue")])).toBe(c.revenue);
    expect(Number(r[col("orders")])).toBe(c.orders);
    expect(Number(r[col("buyers")])).toBe(c.buyers);
    expect(Number(r[col("aov")])).toBeCloseTo(c.aov!, 9);
    expect([o.month, o.orders, o.buyers]).toEqual([c.month, c.orders, c.buyers]);
    expect(c.revenue).toBeCloseTo(o.revenue, 2);
  }
});
