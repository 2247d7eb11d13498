import { existsSync } from "node:fs";
import { chromium } from "playwright-core";

/**
 * The Chromium the browser journeys drive, found without downloading anything: `CHROMIUM_PATH`, then
 * Debian's `/usr/bin/chromium`, then one `npx playwright install chromium` put in Playwright's cache.
 * (A browser shipped inside an npm package such as @sparticuz/chromium is built for AWS Lambda's
 * Amazon Linux, without fonts, and lags Playwright's Chromium version: not a candidate.)
 */
export type BrowserFound = { path: string; from: "CHROMIUM_PATH" | "debian" | "playwright" } | { path: null; problem: string };

const INSTALL = "install one with `apt-get install chromium` (Debian/Ubuntu) or `npx playwright install --with-deps chromium`";

export function findChromium(env: Readonly<Record<string, string | undefined>> = process.env): BrowserFound {
  const own = env.CHROMIUM_PATH;
  if (own) return existsSync(own) ? { path: own, from: "CHROMIUM_PATH" } : { path: null, problem: `CHROMIUM_PATH=${own} does not exist: fix or unset it, or ${INSTALL}.` };
  if (existsSync("/usr/bin/chromium")) return { path: "/usr/bin/chromium", from: "debian" };
  const cached = playwrightChromium();
  if (cached && existsSync(cached)) return { path: cached, from: "playwright" };
  return { path: null, problem: `No Chromium for the browser tests: ${INSTALL} (or set CHROMIUM_PATH).` };
}

/** Where `npx playwright install chromium` puts its Chromium (whether or not it is there). */
function playwrightChromium(): string | null {
  try {
    return chromium.executablePath();
  } catch {
    return null; // a platform Playwright has no build for
  }
}

/** The browser's path, or stop the process at once with the one line that says what to install. */
export function chromiumOrExit(): string {
  const found = findChromium();
  if (found.path !== null) return found.path;
  process.stderr.write(`${found.problem}\n`);
  process.exit(1);
}
