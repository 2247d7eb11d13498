import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { unzipSync } from "fflate";
import { monthOfDate, previousMonth } from "../../lib/contracts/months";
import { generateMonths } from "../../lib/generator";
import { createAccount, loginAs, snap } from "../support";
import { dropFiles, filesIn } from "./drop-files";

// A month no other journey loads.
const MONTH = "2025-06";
const TABLES = ["customers", "products", "sessions", "events", "orders", "order_items", "reviews"] as const;

test.describe("client upload", () => {
  let dir: string;
  test.beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "e2e-client-upload-"));
    await generateMonths({ outDir: dir, months: [MONTH], scale: 0.02, seed: 11 });
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("a generated month dropped on the zone is checked, uploaded and run to Succeeded", async ({ page }) => {
    const client = await createAccount("client");
    await loginAs(page, client);
    await page.goto("/upload");
    await expect(page.getByRole("heading", { name: "Upload a month" })).toBeVisible();
    await expect(page.getByRole("heading", { name: "No uploads yet" })).toBeVisible();
    await snap(page, "upload-empty");

    await page.getByLabel("Month").fill(MONTH);
    await dropFiles(page, filesIn(path.join(dir, MONTH), TABLES.map((t) => `${t}.csv`)));

    // Every file is recognised and checked in the browser before anything is sent.
    const files = page.getByRole("list", { name: "Selected files" });
    await expect(files.locator(":scope > li")).toHaveCount(7);
    const checklist = page.getByRole("list", { name: "Table checklist" });
    await expect(checklist.locator('[data-status="ready"]')).toHaveCount(7);
    for (const t of TABLES) {
      const card = files.getByRole("listitem", { name: `${t}.csv` });
      await expect(card.getByLabel(`Table for ${t}.csv`)).toHaveValue(t);
      await expect(card.getByText(/^(Ready|Ready, with warnings)$/)).toBeVisible();
      await expect(card.getByTestId("row-estimate")).toContainText("rows");
    }
    await expect(page.getByText("7 of 7 files ready")).toBeVisible();
    await snap(page, "upload-checked");

    await page.getByRole("button", { name: "Upload", exact: true }).click();

    const run = page.getByRole("region", { name: "Current run" });
    await expect(run).toBeVisible({ timeout: 60_000 });
    await expect(run.getByTestId("run-status")).toHaveText(/^(Running|Succeeded)$/);
    // Every file arrived whole (the batch completes only when the server has verified each size).
    const sent = page.getByRole("list", { name: "Files sent" });
    await expect(sent.getByRole("listitem")).toHaveCount(7);
    for (const t of TABLES) await expect(sent.getByText(t, { exact: true })).toBeVisible();
    await expect(run.getByTestId("run-status")).toHaveText("Succeeded", { timeout: 120_000 });
    const href = await run.getByRole("link", { name: "Open run" }).getAttribute("href");
    expect(href).toMatch(/^\/runs\/[\w-]+$/);
    // Rows loaded per table, none rejected in generated data.
    for (const t of TABLES) await expect(run.getByTestId(`rejected-${t}`)).toHaveAttribute("data-value", "0");

    // "My uploads" lists the batch with its run.
    const mine = page.getByRole("table", { name: "My uploads" });
    const row = mine.getByRole("row").filter({ hasText: "June 2025" });
    await expect(row).toHaveCount(1);
    await expect(row.getByText("Succeeded")).toBeVisible();
    await expect(row.getByRole("link", { name: /View run/ })).toHaveAttribute("href", href!);
    await snap(page, "upload-succeeded");

    // The list survives a reload (it is read from the server); dark theme on a tablet.
    await page.emulateMedia({ colorScheme: "dark" });
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.reload();
    await expect(page.getByRole("table", { name: "My uploads" }).getByRole("row").filter({ hasText: "June 2025" })).toHaveCount(1);
    await dropFiles(page, filesIn(path.join(dir, MONTH), ["orders.csv", "order_items.csv"]));
    await expect(page.getByRole("list", { name: "Table checklist" }).locator('[data-status="ready"]')).toHaveCount(2);
    await snap(page, "upload-dark-tablet");
  });

  test("the sample month downloads as a zip of the seven tables", async ({ page }) => {
    const client = await createAccount("client");
    await loginAs(page, client);
    await page.goto("/upload");
    const link = page.getByRole("link", { name: "Download a sample month" });
    await expect(link).toHaveAttribute("href", "/api/sample");
    // Samples exist for recent months only: the month before this one.
    const month = previousMonth(monthOfDate(new Date()));
    const res = await page.request.get(`/api/sample?month=${month}`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/zip");
    const entries = unzipSync(new Uint8Array(await res.body()));
    const names = Object.keys(entries).sort();
    expect(names).toEqual([...TABLES.map((t) => `${month}/${t}.csv`), `${month}/README.txt`].sort());
    const orders = new TextDecoder().decode(entries[`${month}/orders.csv`]);
    expect(orders.split("\n")[0]).toContain("order_id");
    expect(orders.split("\n").length).toBeGreaterThan(50);
  });
});
