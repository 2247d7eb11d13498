import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { adminApi, BOOTSTRAP_ADMIN, loginAs, snap } from "../support";

// Issue 13, "Operators": an admin points the notifications at a webhook and sees the test arrive.
test.describe("admin configures notifications", () => {
  let server: Server;
  let url = "";
  const received: Record<string, unknown>[] = [];

  test.beforeAll(async () => {
    server = createServer((req, res) => {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString("utf8")));
      req.on("end", () => {
        received.push(JSON.parse(text || "{}") as Record<string, unknown>);
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/ops`;
  });
  test.afterAll(async () => {
    // Leave nothing pointing at a receiver that is gone for later specs.
    const admin = await adminApi();
    await admin.put("/api/admin/settings/notifications", { data: { webhookUrl: null, smtp: null, expectedDay: null } });
    await admin.dispose();
    await new Promise<void>((r) => server.close(() => r()));
  });

  test("a webhook saved in /admin receives the test notification; the URL is not shown again", async ({ page }) => {
    await adminApi().then((c) => c.dispose()); // makes sure the admin exists
    await loginAs(page, BOOTSTRAP_ADMIN);
    await page.goto("/admin");
    const panel = page.getByRole("form", { name: "Notification settings" });
    await panel.getByLabel("Webhook URL").fill(url);
    await panel.getByLabel("Expected month by day").fill("5");
    await panel.getByRole("button", { name: "Save notifications" }).click();
    await expect(page.getByText("Notifications saved")).toBeVisible();

    // After the refresh the page knows a webhook is set, and where, but not its URL.
    await page.reload();
    const field = page.getByRole("form", { name: "Notification settings" }).getByLabel("Webhook URL");
    await expect(field).toHaveValue("");
    await expect(field).toHaveAttribute("placeholder", new RegExp(`Set \\(127\\.0\\.0\\.1:\\d+\\)`));
    expect(await page.content()).not.toContain("/hooks/ops");
    await expect(page.getByRole("form", { name: "Notification settings" }).getByLabel("Expected month by day")).toHaveValue("5");

    await page.getByRole("button", { name: "Send test" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Test notification" })).toContainText("Webhook: delivered");
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ event: "test", text: expect.stringContaining("Test notification") });
    await snap(page, "admin-notifications");

    // The change and the delivery are in the audit log.
    const admin = await adminApi();
    const audit = (await (await admin.get("/api/admin/audit")).json()) as { entries?: { action: string }[] };
    await admin.dispose();
    const actions = JSON.stringify(audit);
    expect(actions).toContain("settings.notifications");
    expect(actions).toContain("notify.delivered");
  });
});
