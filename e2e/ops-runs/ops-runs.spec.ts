import { expect, test, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import path from "node:path";
import { adminApi, createAccount, loginAs, snap } from "../support";

interface Seeded {
  succeeded: { runId: string; status: string }[];
  failed: { runId: string; status: string };
}

const seeded = (): Seeded => JSON.parse(readFileSync(path.join(process.env.E2E_DATA_DIR!, "e2e", "ops-runs.json"), "utf8")) as Seeded;

const runHeading = (page: Page, month: string) => page.getByRole("heading", { level: 1, name: new RegExp(`^Run ${month}`) });

test.describe("ops watch runs, read logs and retry", () => {
  test("runs list with filters", async ({ page }) => {
    const s = seeded();
    expect(s.succeeded.map((r) => r.status)).toEqual(["succeeded", "succeeded"]);
    expect(s.failed.status).toBe("failed");

    await loginAs(page, await createAccount("ops"));
    await page.goto("/runs");
    const table = page.getByRole("table", { name: "Runs" });
    // Other journeys seed runs into the same server: count ours by month, the whole list at least.
    await expect(table.getByText("Failed")).toBeVisible();
    const allRows = await table.getByRole("row").count();
    expect(allRows).toBeGreaterThanOrEqual(4); // header + our 3 runs
    await snap(page, "runs-list");

    await page.getByLabel("Status").selectOption("failed");
    await expect(page).toHaveURL(/status=failed/);
    await expect(table.getByRole("row")).toHaveCount(2);
    await page.getByLabel("Month").selectOption("2025-10");
    await expect(page.getByText("No runs match these filters")).toBeVisible();
    await snap(page, "runs-list-empty-filter");
    await page.getByRole("link", { name: "Clear filters" }).click();
    await expect(table.getByRole("row")).toHaveCount(allRows);
  });

  test("a failed run opens on the failed step's error and log; logs search and download; retry", async ({ page }) => {
    const { failed } = seeded();
    await loginAs(page, await createAccount("ops"));
    await page.goto("/runs?status=failed");
    await page.getByRole("link", { name: /^Run 2025-11/ }).click();
    await expect(page).toHaveURL(new RegExp(`/runs/${failed.runId}$`));
    await expect(runHeading(page, "2025-11")).toContainText("Failed");

    // Opens on the failed step: its button is pressed, its error and log are shown.
    const steps = page.getByRole("list", { name: "Steps" });
    const job1 = steps.getByRole("button", { name: /^Job 1 · raw → processed: Failed/ });
    await expect(job1).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByRole("alert").filter({ hasText: "Job 1 · raw → processed failed" })).toContainText(/order_id/i);
    const log = page.getByRole("log", { name: "Log of Job 1 · raw → processed" });
    await expect(log).toContainText("Job1RawToProcessed started");
    await expect(log).toContainText(/failed/i);
    // Steps after the failure never ran.
    await expect(steps.getByRole("button", { name: /^Publish run summary: Skipped/ })).toBeVisible();
    // Cost estimate beside the duration.
    await expect(page.getByText(/≈ \$\d/)).toBeVisible();
    await snap(page, "run-failed");

    // Search filters the lines.
    await page.getByLabel("Search logs").fill("started");
    await expect(page.getByText(/^1 of \d+ lines match$/)).toBeVisible();
    await page.getByLabel("Search logs").fill("no line says this");
    await expect(log).toContainText("No line matches this search.");
    await page.getByLabel("Search logs").fill("");

    // Download the step's log.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download log" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^run-2025-11-.*-Job1RawToProcessed\.log$/);
    const text = readFileSync((await download.path())!, "utf8");
    expect(text).toContain("[Job1RawToProcessed] Job1RawToProcessed started");

    // Another step's log.
    await steps.getByRole("button", { name: /^Validate batch: Succeeded/ }).click();
    await expect(page.getByRole("log", { name: "Log of Validate batch" })).toContainText("ValidateBatch succeeded");

    // Retry from the failed step: the page follows the run live, the attempt counts up, it is audited.
    await page.getByRole("button", { name: "Retry" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Retry started" })).toBeVisible();
    await expect(steps.getByRole("button", { name: /^Job 1 · raw → processed: Failed/ })).toBeVisible({ timeout: 60_000 });
    // The retry validates the batch again and resumes at job 1: both count a second attempt.
    await expect(steps.getByRole("button", { name: /^Job 1 · raw → processed: Failed/ }).getByText("attempt 2")).toBeVisible({ timeout: 60_000 });
    await expect(steps.getByRole("button", { name: /^Validate batch: Succeeded/ }).getByText("attempt 2")).toBeVisible();
    await expect(runHeading(page, "2025-11")).toContainText("Failed");
    await snap(page, "run-after-retry");

    const admin = await adminApi();
    const audit = (await (await admin.get("/api/admin/audit?action=run.&limit=50")).json()) as { entries: { action: string; target: string }[] };
    await admin.dispose();
    expect(audit.entries.some((e) => e.action === "run.retry" && e.target === failed.runId)).toBe(true);
  });

  test("a succeeded run: timeline against the median, quality report, re-run followed live", async ({ page }) => {
    const { succeeded } = seeded();
    const latest = succeeded[1]!;
    await loginAs(page, await createAccount("ops"));
    await page.goto(`/runs/${latest.runId}`);
    await expect(runHeading(page, "2025-10")).toContainText("Succeeded");

    const steps = page.getByRole("list", { name: "Steps" });
    await expect(steps.getByRole("listitem")).toHaveCount(8);
    // Numbered as the upload page counts them: seven steps, the gate between 3 and 4 without a number.
    await expect(steps.locator("[data-step-number]")).toHaveText(["1", "2", "3", "", "4", "5", "6", "7"]);
    for (const label of ["Validate batch", "Job 1 · raw → processed", "Job 2 · processed → curated", "Quality gate", "Job 3 · publish (database, lake)", "Crawl processed", "Crawl curated", "Publish run summary"]) {
      await expect(steps.getByRole("button", { name: new RegExp(`^${label.replace(/[()]/g, "\\$&")}: Succeeded, `) })).toBeVisible();
    }
    // The September run is history for October: each step compares with its median.
    await expect(steps.getByText(/vs median|at median/).first()).toBeVisible();

    const quality = page.getByRole("table", { name: "Data quality by table" });
    await expect(quality.getByRole("row")).toHaveCount(8); // header + seven tables
    await expect(quality.getByRole("cell", { name: "orders" })).toBeVisible();

    // Cost breakdown opens.
    await page.getByText(/≈ \$\d/).click();
    await expect(page.getByText("Estimated AWS cost of this run")).toBeVisible();
    await expect(page.getByText("Step Functions", { exact: true })).toBeVisible();
    await snap(page, "run-succeeded");
    await page.getByText(/≈ \$\d/).click();

    // Dark mode and a tablet-sized screen.
    await page.emulateMedia({ colorScheme: "dark" });
    await page.reload();
    await expect(page.locator("html")).toHaveClass(/dark/);
    await snap(page, "run-succeeded-dark");
    await page.emulateMedia({ colorScheme: "light" });
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.reload();
    await expect(page.getByRole("button", { name: "Open navigation" })).toBeVisible();
    await snap(page, "run-succeeded-tablet");
    await page.getByRole("button", { name: "Open navigation" }).click();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Runs" })).toBeVisible();
    await snap(page, "run-succeeded-tablet-nav");
    await page.getByRole("button", { name: "Close navigation" }).click();
    await page.setViewportSize({ width: 1366, height: 900 });

    // Re-run the batch: a new run opens and moves from Running to Succeeded without a reload.
    await page.getByRole("button", { name: "Re-run batch" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Re-run started" })).toBeVisible();
    await expect(page).not.toHaveURL(new RegExp(`/runs/${latest.runId}$`));
    await expect(runHeading(page, "2025-10")).toContainText(/Pending|Running|Succeeded/);
    await snap(page, "run-rerun-live");
    await expect(runHeading(page, "2025-10")).toContainText("Succeeded", { timeout: 90_000 });
  });

  test("the catalog shows each layer's tables with partitions and row counts", async ({ page }) => {
    await loginAs(page, await createAccount("ops"));
    await page.goto("/catalog");
    await expect(page.getByRole("heading", { name: /^Processed/, level: 2 })).toBeVisible();
    const orders = page.getByRole("region", { name: "orders", exact: true });
    const partitions = orders.getByRole("table", { name: "Partitions of orders" });
    await expect(partitions).toContainText("month=2025-09");
    await expect(partitions).toContainText("month=2025-10");
    await expect(page.getByRole("region", { name: "fact_orders_enriched", exact: true })).toBeVisible();
    await orders.getByText(/^Columns \(\d+\)$/).click();
    await expect(orders.getByText("order_id", { exact: true })).toBeVisible();
    await snap(page, "catalog");

    await page.getByRole("button", { name: "Crawl curated" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Crawled the curated layer" })).toBeVisible();
  });

  test("clients can open only the runs of their own uploads", async ({ page }) => {
    const { failed } = seeded();
    await loginAs(page, await createAccount("client"));
    // The seeded runs were uploaded by the CLI, not by this client: to a client they do not exist
    // (issue 11, item 18: the same 404 as a missing run, so run ids cannot be probed).
    const res = await page.request.get(`/api/runs/${failed.runId}`);
    expect(res.status()).toBe(404);
    await page.goto(`/runs/${failed.runId}`);
    await expect(page.getByText("This run does not exist")).toBeVisible();
  });
});
