import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { unzipSync } from "fflate";
import { STEP_NAMES } from "../../lib/backend/types";
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

    // While the run is at the quality gate (held there by rewriting the run panel's polls), the progress
    // line counts the seven steps the list beside it numbers, with the gate between steps 3 and 4.
    const atGate = (steps: { name: string }[]) => steps.map((s, i) => ({ name: s.name, status: i < 3 ? "succeeded" : i === 3 ? "running" : "pending" }));
    await page.route(/\/api\/uploads\/[\w-]+$/, async (route) => {
      if (route.request().method() !== "GET") return route.fallback();
      const res = await route.fetch();
      const batch = (await res.json()) as { runs: { status: string; endedAt: string | null; steps: { name: string }[] }[] };
      const runs = batch.runs.map((r) => ({ ...r, status: "running", endedAt: null, steps: atGate(STEP_NAMES.map((name) => ({ name }))) }));
      await route.fulfill({ response: res, json: { ...batch, runs } });
    });
    await page.getByRole("button", { name: "Upload", exact: true }).click();

    const run = page.getByRole("region", { name: "Current run" });
    await expect(run).toBeVisible({ timeout: 60_000 });
    await expect(run.getByText("Quality gate · after step 3 of 7")).toBeVisible();
    const stepList = run.getByRole("list", { name: "Steps" }).getByRole("listitem");
    await expect(stepList).toHaveCount(8);
    await expect(stepList.nth(2)).toContainText("Step 3 of 7 · Job 2 · processed → curated: succeeded");
    await expect(stepList.nth(3)).toContainText("Quality gate: running");
    await expect(stepList.nth(7)).toContainText("Step 7 of 7 · Publish run summary: pending");
    await expect(run).not.toContainText(/of 8/);
    await snap(page, "upload-run-at-gate");
    await page.unrouteAll({ behavior: "wait" });
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
