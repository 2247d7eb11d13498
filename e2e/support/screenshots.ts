import type { Page } from "@playwright/test";
import path from "node:path";

/** Saves a full-page screenshot as a test artifact: test-results/screenshots/<name>.png. */
export async function snap(page: Page, name: string): Promise<void> {
  const file = path.join("test-results", "screenshots", `${name.replace(/[^a-z0-9._-]+/gi, "-")}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
}
