import { defineConfig } from "@playwright/test";
import { chromiumOrExit } from "./e2e/support/browser";
import { freePortSync } from "./e2e/support/free-port";

// One port for the whole run, chosen once by the runner; workers inherit it through the environment.
process.env.E2E_PORT ??= String(freePortSync());
const baseURL = `http://127.0.0.1:${process.env.E2E_PORT}`;
process.env.E2E_BASE_URL = baseURL;

/**
 * Browser journeys against the production build (`npm run build` first). Global setup starts
 * `next start` with a fresh DATA_DIR and AUTH_SECRET; the Chromium e2e/support/browser.ts finds, nothing downloaded.
 */
export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  outputDir: "test-results/artifacts",
  globalSetup: "./e2e/support/global-setup.ts",
  // One server with an embedded database on a 2-core machine: one worker keeps timings honest.
  workers: 1,
  fullyParallel: false,
  retries: process.env.CI ? 1 : 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    viewport: { width: 1366, height: 900 },
    launchOptions: {
      executablePath: chromiumOrExit(),
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    // The first-admin journey needs the empty database, so it runs before everything else.
    { name: "setup-admin", testMatch: "setup-admin/**/*.spec.ts" },
    { name: "journeys", testIgnore: "setup-admin/**", dependencies: ["setup-admin"] },
  ],
});
