import { expect, type Page } from "@playwright/test";
import path from "node:path";

/** From this width up (a laptop's 1366 px among them) no table or panel should need sideways scrolling. */
const DESKTOP_WIDTH = 1280;

/**
 * Saves a full-page screenshot as a test artifact (test-results/screenshots/<name>.png) and, on a
 * desktop-wide page, checks that nothing on it scrolls sideways: a table wider than its card hides
 * columns behind a scroll bar the reader may never see.
 */
export async function snap(page: Page, name: string): Promise<void> {
  const file = path.join("test-results", "screenshots", `${name.replace(/[^a-z0-9._-]+/gi, "-")}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
  if ((page.viewportSize()?.width ?? 0) < DESKTOP_WIDTH) return;
  const wide = await page.evaluate(() => {
    const described = (el: Element) =>
      el.querySelector("table")?.getAttribute("aria-label") ?? el.getAttribute("aria-label") ?? el.closest("section, [role=region]")?.querySelector("h2, h3")?.textContent ?? el.className;
    const pageWide = document.documentElement.scrollWidth > document.documentElement.clientWidth + 1 ? ["the page itself"] : [];
    return [
      ...pageWide,
      ...[...document.querySelectorAll(".overflow-x-auto")]
        .filter((el) => el.scrollWidth > el.clientWidth + 1)
        .map((el) => `${described(el)} (${el.scrollWidth} px in ${el.clientWidth} px)`),
    ];
  });
  expect(wide, `${name}: scrolls sideways at ${page.viewportSize()!.width} px`).toEqual([]);
}
