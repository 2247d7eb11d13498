import { beforeEach, describe, expect, it, vi } from "vitest";

const present = new Set<string>();
vi.mock("node:fs", async (orig) => ({ ...(await orig<typeof import("node:fs")>()), existsSync: (p: string) => present.has(p) }));
vi.mock("playwright-core", () => ({ chromium: { executablePath: () => "/cache/ms-playwright/chromium-1/chrome" } }));

const { findChromium } = await import("../../e2e/support/browser");

describe("the browser the journeys drive", () => {
  beforeEach(() => present.clear());

  it("takes CHROMIUM_PATH first, then Debian's, then Playwright's", () => {
    present.add("/opt/chrome").add("/usr/bin/chromium").add("/cache/ms-playwright/chromium-1/chrome");
    expect(findChromium({ CHROMIUM_PATH: "/opt/chrome" })).toEqual({ path: "/opt/chrome", from: "CHROMIUM_PATH" });
    expect(findChromium({})).toEqual({ path: "/usr/bin/chromium", from: "debian" });
    present.delete("/usr/bin/chromium");
    expect(findChromium({})).toEqual({ path: "/cache/ms-playwright/chromium-1/chrome", from: "playwright" });
  });

  it("without one, says in one line what installs one", () => {
    const found = findChromium({});
    expect(found.path).toBeNull();
    const problem = "problem" in found ? found.problem : "";
    expect(problem).not.toContain("\n");
    expect(problem).toMatch(/apt-get install chromium.*npx playwright install/);
  });

  it("a CHROMIUM_PATH that does not exist is an error, not silently skipped", () => {
    present.add("/usr/bin/chromium");
    expect(findChromium({ CHROMIUM_PATH: "/nope" })).toMatchObject({ path: null, problem: expect.stringContaining("CHROMIUM_PATH=/nope") });
  });
});
