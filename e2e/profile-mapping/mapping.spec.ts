import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { generateMonths } from "../../lib/generator";
import { adminApi, createAccount, loginAs, snap, type TestAccount } from "../support";
import { dropFiles } from "../client-upload/drop-files";
import { ptOrderLines } from "./pt-export";

/** The theme as the header's toggle sets it, without a reload (the mapping step's state is in the page). */
const setDark = (page: Page, dark: boolean) => page.evaluate((d) => document.documentElement.classList.toggle("dark", d), dark);

/** Whether leaving the page now would ask first (a beforeunload listener cancels the event). */
const leaveAsks = (page: Page) =>
  page.evaluate(() => {
    const e = new Event("beforeunload", { cancelable: true });
    window.dispatchEvent(e);
    return e.defaultPrevented;
  });

// Months no other journey loads.
const MONTH = "2025-04";
const NEXT_MONTH = "2025-05";
const PROFILE_NAME = "Loja Exemplo (ERP)";

/**
 * A retry runs the whole serial group again: the profile the first try saved would be picked up by
 * itself and the first journey would find nothing blocked. Profiles are per deployment, so start clean.
 */
async function forgetProfilesOfThisSuite(): Promise<void> {
  const admin = await adminApi();
  try {
    const res = await admin.get("/api/profiles");
    expect(res.status()).toBe(200);
    const { profiles } = (await res.json()) as { profiles: { id: string; name: string }[] };
    const ours = profiles.filter((p) => p.name.startsWith(PROFILE_NAME) || p.name.startsWith("Olist copy") || p.name.startsWith("Olist (semicolons)"));
    for (const p of ours) expect((await admin.delete(`/api/profiles/${p.id}`)).status()).toBeLessThan(300);
  } finally {
    await admin.dispose();
  }
}

test.describe.serial("a shop's own export, mapped once", () => {
  let dir: string;
  let client: TestAccount;
  let firstRunHref: string | null = null;
  const exportOf = (month: string) => ({ name: `pedidos_${month}.csv`, bytes: ptOrderLines(path.join(dir, month)) });

  test.beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "e2e-profile-mapping-"));
    await generateMonths({ outDir: dir, months: [MONTH, NEXT_MONTH], scale: 0.02, seed: 13 });
    client = await createAccount("client", "loja");
    await forgetProfilesOfThisSuite();
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const drop = (page: Page, f: { name: string; bytes: Buffer }) => dropFiles(page, [{ name: f.name, bytes: f.bytes }]);

  test("a pt-BR order-lines export is mapped once, saved as the shop's profile and uploaded", async ({ page }) => {
    await loginAs(page, client);
    await page.goto("/upload");
    await page.getByLabel("Month").fill(MONTH);
    const file = exportOf(MONTH);
    await drop(page, file);

    // Not a dead end: what was detected, and a way forward.
    const card = page.getByRole("list", { name: "Selected files" }).getByRole("listitem", { name: file.name });
    await expect(card.getByText("Blocked", { exact: true })).toBeVisible();
    await expect(card.getByText(/separated by semicolons \(“;”\) and encoded as Windows-1252/)).toBeVisible();
    await card.getByRole("button", { name: "Map columns" }).click();

    const mapping = page.getByRole("region", { name: `Map ${file.name}` });
    await expect(mapping).toBeVisible();
    expect(await leaveAsks(page), "nothing edited yet").toBe(false);

    // The browser's Back closes the step and returns to the file list: the month and the file stay.
    await page.goBack();
    await expect(mapping).toBeHidden();
    await expect(page).toHaveURL(/\/upload$/);
    await expect(page.getByLabel("Month")).toHaveValue(MONTH);
    await expect(card.getByText("Blocked", { exact: true })).toBeVisible();
    await snap(page, "mapping-back-to-files");
    await card.getByRole("button", { name: "Map columns" }).click();
    await expect(mapping).toBeVisible();
    // Detected from the file: delimiter, encoding, decimal mark (from the values), day-first dates.
    await expect(mapping.getByLabel("Delimiter")).toHaveValue(";");
    await expect(mapping.getByLabel("Encoding")).toHaveValue("windows-1252");
    await expect(mapping.getByLabel("Decimal mark")).toHaveValue(",");
    await expect(mapping.getByLabel("Thousands separator")).toHaveValue(".");
    await expect(mapping.getByLabel("Date order")).toHaveValue("DMY");
    // One file, two tables; columns suggested from Portuguese names; the line's discount, not the order's.
    await expect(mapping.getByLabel("This file is the table")).toHaveValue("orders");
    await expect(mapping.getByLabel("The same rows also feed")).toHaveValue("order_items");
    await expect(mapping.getByLabel("Source column for orders.order_id")).toHaveValue("Pedido");
    await expect(mapping.getByLabel("Source column for orders.order_ts")).toHaveValue("Data");
    await expect(mapping.getByLabel("Source column for orders.status")).toHaveValue("Situação");
    await expect(mapping.getByLabel("Source column for orders.total")).toHaveValue("Total");
    await expect(mapping.getByLabel("Source column for order_items.order_item_id")).toHaveValue("Item");
    await expect(mapping.getByLabel("Source column for order_items.unit_price")).toHaveValue("Preço unitário");
    await expect(mapping.getByLabel("Source column for order_items.discount")).toHaveValue("Desconto do item");
    // The shop's status words, each with the contract status it means.
    await expect(mapping.getByLabel("Contract value for “Entregue”")).toHaveValue("delivered");
    await expect(mapping.getByLabel("Contract value for “Aguardando pagamento”")).toHaveValue("pending");
    await expect(mapping.getByLabel("Contract value for “Cancelado”")).toHaveValue("cancelled");

    // The preview reads as the run will: clean now…
    const preview = mapping.getByRole("table", { name: "Preview of orders" });
    await expect(preview).toBeVisible();
    await expect(mapping.getByText(/sample rows read cleanly through this mapping/)).toBeVisible();
    await expect(mapping.locator("[data-problem]")).toHaveCount(0);
    await snap(page, "mapping-step-light-desktop");

    // …and every choice can be changed: a wrong decimal mark shows its problems with line, source column and raw text.
    await mapping.getByLabel("Decimal mark").selectOption(".");
    await expect(mapping.locator("[data-problem]").first()).toBeVisible();
    const problems = mapping.getByRole("list", { name: "Problems with this mapping" });
    await expect(problems.getByRole("listitem").first()).toContainText(/^Line 2 · Subtotal → orders\.subtotal: “\d+,\d\d” is not a decimal number/);
    await mapping.getByLabel("Decimal mark").selectOption(",");
    await mapping.getByLabel("Thousands separator").selectOption(".");
    await expect(mapping.locator("[data-problem]")).toHaveCount(0);
    // Edited and not saved: closing or reloading the page asks first…
    expect(await leaveAsks(page), "unsaved edits").toBe(true);
    // …and so does a link of the portal (the App Router follows it without unloading the page): kept on "Cancel".
    const asked: string[] = [];
    page.once("dialog", (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Profiles" }).click();
    await expect.poll(() => asked).toEqual(["This mapping is not saved. Leave the page and lose it?"]);
    await expect(page).toHaveURL(/\/upload/);
    await expect(mapping).toBeVisible();

    await setDark(page, true);
    await snap(page, "mapping-step-dark-desktop");
    await page.setViewportSize({ width: 820, height: 1180 });
    await snap(page, "mapping-step-dark-tablet");
    await setDark(page, false);
    await snap(page, "mapping-step-light-tablet");
    await page.setViewportSize({ width: 1366, height: 900 });

    await mapping.getByLabel("Profile name").fill(PROFILE_NAME);
    await mapping.getByRole("button", { name: "Save profile and use it" }).click();
    await expect(mapping).toBeHidden();
    expect(await leaveAsks(page), "saved").toBe(false);

    // The batch is read with the saved profile now: the file fits, feeding both tables.
    await expect(page.getByTestId("profile-note")).toContainText(`Profile “${PROFILE_NAME}”`);
    await expect(card.getByText(/^Ready/)).toBeVisible();
    await expect(card.getByLabel(`Table for ${file.name}`, { exact: true })).toHaveValue("orders");
    await expect(card.getByLabel(`Second table for ${file.name}`)).toHaveValue("order_items");
    const checklist = page.getByRole("list", { name: "Table checklist" });
    await expect(checklist.locator('[data-status="ready"]')).toHaveCount(2);
    await expect(checklist.locator('[data-table="order_items"]')).toHaveAttribute("data-status", "ready");
    await snap(page, "mapping-saved-ready");

    await page.getByRole("button", { name: "Upload", exact: true }).click();
    const run = page.getByRole("region", { name: "Current run" });
    await expect(run).toBeVisible({ timeout: 60_000 });
    const sent = page.getByRole("list", { name: "Files sent" });
    await expect(sent.getByRole("listitem")).toHaveText(["✓orders", "✓order_items"]);
    await expect(page.getByText(`read with “${PROFILE_NAME}”`)).toBeVisible();
    const href = await run.getByRole("link", { name: "Open run" }).getAttribute("href");
    expect(href).toMatch(/^\/runs\/[\w-]+$/);
    firstRunHref = href;
    // The run is followed to its end here (whether it succeeds is the pipeline's part: see the test below).
    await expect(run.getByTestId("run-status")).not.toHaveText(/^(Pending|Running)$/, { timeout: 120_000 });
    await page.goto(href!);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(`Run ${MONTH}`);
    await snap(page, "mapping-run-page");
  });

  test("next month the same export is read with the profile without asking", async ({ page }) => {
    await loginAs(page, client);
    await page.goto("/upload");
    const file = exportOf(NEXT_MONTH);
    await drop(page, file);
    await expect(page.getByTestId("profile-note")).toHaveText(new RegExp(`^Profile “${PROFILE_NAME.replace(/[()]/g, "\\$&")}” recognised ${file.name} \\(by its columns\\)`));
    const card = page.getByRole("list", { name: "Selected files" }).getByRole("listitem", { name: file.name });
    await expect(card.getByText(/^Ready/)).toBeVisible();
    await expect(card.getByRole("button", { name: "Map columns" })).toHaveCount(0);
    await expect(card.getByLabel(`Second table for ${file.name}`)).toHaveValue("order_items");
    // The month comes from the file name.
    await expect(page.getByLabel("Month")).toHaveValue(NEXT_MONTH);
    await snap(page, "mapping-next-month-recognised");
    await page.getByRole("button", { name: "Upload", exact: true }).click();
    await expect(page.getByRole("region", { name: "Current run" })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole("list", { name: "Files sent" }).getByRole("listitem")).toHaveCount(2);
  });

  test("the run of the mapped export succeeds", async ({ page }) => {
    expect(firstRunHref).not.toBeNull();
    await loginAs(page, client);
    await page.goto(firstRunHref!);
    const heading = page.getByRole("heading", { level: 1 });
    await expect(heading).toHaveText(/(Succeeded|Partial|Failed|Held)$/, { timeout: 90_000 });
    await expect(heading).toHaveText(`Run ${MONTH}Succeeded`, { timeout: 1_000 });
  });

  test("profiles are listed, exported, imported, started from a built-in, edited and deleted", async ({ page }) => {
    await loginAs(page, client);
    await page.goto("/profiles");
    await expect(page.getByRole("heading", { name: "Source profiles", level: 1 })).toBeVisible();
    const table = page.getByRole("table", { name: "Profiles" });
    const mine = table.getByRole("row").filter({ hasText: PROFILE_NAME });
    await expect(mine).toContainText("orders");
    await expect(mine).toContainText("order_items");
    await expect(mine).toContainText("semicolon · Windows-1252 · 1.234,56 · day first");
    await expect(mine).toContainText(/Recognises \d+ export layouts?/);

    const href = await mine.getByRole("link", { name: `Export ${PROFILE_NAME}` }).getAttribute("href");
    const exported = await page.request.get(href!);
    expect(exported.headers()["content-disposition"]).toMatch(/^attachment; filename=".+\.profile\.json"$/);
    const json = (await exported.json()) as { delimiter: string; tables: Record<string, { file: string }> };
    expect(json.delimiter).toBe(";");
    expect(json.tables.orders!.file).toBe("pedidos_*.csv");

    // Import what was exported: the name in use gets a number.
    await page.getByLabel("Import a profile file (JSON)").setInputFiles({ name: "loja.profile.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(json)) });
    await expect(table.getByRole("row").filter({ hasText: `${PROFILE_NAME} (2)` })).toHaveCount(1);

    await page.getByLabel("Start from a built-in profile").selectOption("olist");
    await page.getByLabel("Name for your copy").fill("Olist copy");
    await page.getByRole("button", { name: "Create from built-in" }).click();
    const olist = table.getByRole("row").filter({ hasText: "Olist copy" });
    await expect(olist).toContainText("reviews");
    await snap(page, "profiles-list");

    await olist.getByRole("button", { name: "Edit Olist copy" }).click();
    const editor = page.getByRole("region", { name: "Edit “Olist copy”" });
    const jsonBox = editor.getByLabel("Profile (JSON)");
    const original = await jsonBox.inputValue();
    await jsonBox.fill(original.replace('"delimiter": ","', '"delimiter": ":"'));
    await expect(editor.getByText(/^delimiter: /)).toBeVisible();
    await expect(editor.getByRole("button", { name: "Save changes" })).toBeDisabled();
    await jsonBox.fill(original.replace('"delimiter": ","', '"delimiter": ";"'));
    await editor.getByLabel("Name").fill("Olist (semicolons)");
    await editor.getByRole("button", { name: "Save changes" }).click();
    await expect(editor).toBeHidden();
    await expect(table.getByRole("row").filter({ hasText: "Olist (semicolons)" })).toContainText("semicolon");

    const copy = table.getByRole("row").filter({ hasText: `${PROFILE_NAME} (2)` });
    await copy.getByRole("button", { name: `Delete ${PROFILE_NAME} (2)` }).click();
    await copy.getByRole("button", { name: `Confirm delete ${PROFILE_NAME} (2)` }).click();
    await expect(table.getByRole("row").filter({ hasText: `${PROFILE_NAME} (2)` })).toHaveCount(0);

    await setDark(page, true);
    await snap(page, "profiles-list-dark");
  });

  test("a 200 MB file is checked whole in a worker while the page stays responsive", async ({ page }) => {
    test.setTimeout(300_000);
    await loginAs(page, client);
    await page.goto("/upload");
    await page.getByLabel("Month").fill(MONTH);
    // Built in the browser (200 MB does not travel through the test runner), dropped like any file.
    const { rows, bytes } = await page.evaluate(() => {
      const header = "order_id,customer_id,session_id,order_ts,status,currency,subtotal,discount,shipping,tax,total,payment_method,country,channel,device\n";
      const perBlock = 12_000;
      const block = Array.from({ length: perBlock }, (_, i) => `o${i},c${i},,2025-04-03T14:05:00Z,paid,USD,10,0,0,0,10.50,card,US,email,mobile\n`).join("");
      const parts: string[] = [header];
      let size = header.length;
      let blocks = 0;
      while (size < 200 * 1024 * 1024) {
        parts.push(block);
        size += block.length;
        blocks++;
      }
      const file = new File(parts, "orders_big.csv", { type: "text/csv" });
      const w = window as unknown as { __gaps: number[]; __probe: number };
      w.__gaps = [];
      let last = performance.now();
      w.__probe = window.setInterval(() => {
        const now = performance.now();
        w.__gaps.push(now - last);
        last = now;
      }, 50);
      const dt = new DataTransfer();
      dt.items.add(file);
      const zone = document.querySelector('[data-testid="drop-zone"]')!;
      for (const type of ["dragenter", "dragover", "drop"]) zone.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      return { rows: perBlock * blocks, bytes: file.size };
    });
    expect(bytes).toBeGreaterThanOrEqual(200 * 1024 * 1024);
    const card = page.getByRole("list", { name: "Selected files" }).getByRole("listitem", { name: "orders_big.csv" });
    await expect(card.getByTestId("whole-check")).toBeVisible({ timeout: 30_000 });
    // From here on only the worker reads the file: the page thread must keep ticking.
    const mark = await page.evaluate(() => (window as unknown as { __gaps: number[] }).__gaps.length);
    await snap(page, "upload-200mb-checking");
    // Exact count once every row is read (no "≈").
    await expect(card.getByTestId("row-estimate")).toHaveText(`${rows.toLocaleString("en-US")} rows`, { timeout: 240_000 });
    const gaps = await page.evaluate(() => {
      const w = window as unknown as { __gaps: number[]; __probe: number };
      window.clearInterval(w.__probe);
      return w.__gaps;
    });
    const atDrop = Math.max(...gaps.slice(0, mark));
    const during = gaps.slice(mark).sort((a, b) => a - b);
    const worst = during.at(-1)!;
    const p99 = during[Math.floor(during.length * 0.99)]!;
    console.log(`200 MB check: longest gap at the drop (first MB read on the page) ${atDrop.toFixed(0)} ms; while the worker read the rest: ${during.length} ticks of 50 ms, longest gap ${worst.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms`);
    // Bounds a shared 2-core machine meets (measured at load 10: p99 ≈ 220 ms, worst ≈ 430 ms); reading
    // 200 MB on the page thread instead would stall it for tens of seconds.
    expect(during.length).toBeGreaterThan(20);
    expect(p99).toBeLessThan(400);
    expect(worst).toBeLessThan(1500);
    expect(atDrop).toBeLessThan(3000);
    await expect(card.getByText(/^Ready/)).toBeVisible();
  });
});
