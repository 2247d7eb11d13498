import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "@/lib/db/audit";
import { deliver } from "@/lib/notify/deliver";
import { postWebhook } from "@/lib/notify/webhook";
import { toMessage } from "@/lib/notify/events";
import { freshPipelineEnv } from "../support/pipeline-env";
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from "./receivers";

const fast = { delays: [5, 5, 5, 5], wait: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
const failed = { kind: "run.failed", month: "2025-11", batchId: "b1", runId: "r1", execution: "batch-b1", error: "Job2ProcessedToCurated: disk full" } as const;

describe("notification channels against real receivers on loopback", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  let http: HttpReceiver;
  let smtp: SmtpReceiver;

  beforeAll(async () => {
    env = await freshPipelineEnv();
    http = await startHttpReceiver();
    smtp = await startSmtpReceiver();
  });
  afterAll(async () => {
    await http.close();
    await smtp.close();
    await env.cleanup();
  });

  it("posts Slack-compatible JSON to the webhook and mails over SMTP with auth; both audited", async () => {
    const settings = {
      webhookUrl: http.url,
      smtp: { host: "127.0.0.1", port: smtp.port, user: "notify", password: "s3cret", from: "portal@example.com", to: ["ops@example.com", "oncall@example.com"] },
      expectedDay: null,
    };
    const results = await deliver(failed, settings, { ...fast, appUrl: "https://portal.example.com" });
    expect(results).toEqual([
      { channel: "webhook", ok: true, attempts: 1, error: null },
      { channel: "email", ok: true, attempts: 1, error: null },
    ]);
    expect(http.bodies).toHaveLength(1);
    expect(http.bodies[0]).toMatchObject({ event: "run.failed", month: "2025-11", runId: "r1", runUrl: "https://portal.example.com/runs/r1", error: failed.error });
    expect(http.bodies[0]!.text).toContain("Run for 2025-11 failed");
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]).toMatchObject({ from: "portal@example.com", to: ["ops@example.com", "oncall@example.com"], user: "notify" });
    expect(smtp.mails[0]!.data).toContain("Subject: [shoplake] Run for 2025-11 failed");
    const audit = await listAudit({ action: "notify." });
    expect(audit.map((a) => [a.action, a.target]).sort()).toEqual([["notify.delivered", "email:run.failed"], ["notify.delivered", "webhook:run.failed"]]);
  });

  it("retries a failing receiver with backoff, then reports the failure in the audit log", async () => {
    const down = await startHttpReceiver(500);
    const waits: number[] = [];
    const results = await deliver(failed, { webhookUrl: down.url, smtp: null, expectedDay: null }, { delays: [2_000, 5_000, 12_000, 30_000], wait: async (ms) => void waits.push(ms) });
    await down.close();
    expect(results).toEqual([{ channel: "webhook", ok: false, attempts: 5, error: "webhook answered 500: receiver down" }]);
    expect(down.bodies).toHaveLength(5);
    expect(waits).toEqual([2_000, 5_000, 12_000, 30_000]);
    const [last] = await listAudit({ action: "notify.failed" });
    expect(last).toMatchObject({ target: "webhook:run.failed", details: { attempts: 5, error: "webhook answered 500: receiver down" } });
  });

  it("does not follow redirects, gives up on a silent receiver after its timeout and caps the body read", async () => {
    const target = await startHttpReceiver();
    const redirecting = createServer((_req, res) => res.writeHead(302, { location: target.url }).end());
    const silent = createServer(() => undefined);
    const endless = createServer((_req, res) => {
      res.writeHead(200);
      const chunk = "x".repeat(64 * 1024);
      const push = () => (res.write(chunk) ? setImmediate(push) : res.once("drain", push));
      push();
    });
    const listen = async (s: typeof silent) => {
      await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
      return `http://127.0.0.1:${(s.address() as AddressInfo).port}/`;
    };
    const msg = toMessage({ kind: "test" });
    await expect(postWebhook(await listen(redirecting), msg)).rejects.toThrow("webhook answered 302");
    expect(target.bodies).toHaveLength(0);
    await expect(postWebhook(await listen(silent), msg, 300)).rejects.toThrow();
    await postWebhook(await listen(endless), msg); // returns although the body never ends
    silent.closeAllConnections();
    endless.closeAllConnections();
    for (const s of [redirecting, silent, endless]) s.close();
    await target.close();
  });

  it("never posts to a link-local address, where cloud metadata services answer (an admin's URL reached anything the server could)", async () => {
    const msg = toMessage({ kind: "test" });
    for (const url of ["http://169.254.169.254/latest/meta-data/", "http://169.254.170.2/v2/credentials", "http://[fe80::1]/", "http://[::ffff:169.254.169.254]/"]) {
      await expect(postWebhook(url, msg), url).rejects.toThrow(/a link-local address where cloud metadata services answer/);
    }
    // "This network" reaches the machine itself; it was called a metadata address.
    for (const url of ["http://0.0.0.0:3000/", "http://[::]:3499/"]) {
      await expect(postWebhook(url, msg), url).rejects.toThrow(/an unspecified \("this network"\) address, which reaches this machine/);
    }
  });

  it("refuses such an address when the settings are saved (they were saved, and refused only at the first send)", async () => {
    const { forbiddenLiteralHost } = await import("@/lib/notify/webhook");
    for (const url of ["http://169.254.169.254/", "http://0.0.0.0:3499/", "http://[::]:3499/", "http://[fd00:ec2::254]/"]) expect(forbiddenLiteralHost(url), url).toMatch(/^the webhook URL's host /);
    for (const url of ["https://hooks.example.com/x", "http://10.0.0.5:8080/", "http://[2001:db8::1]/"]) expect(forbiddenLiteralHost(url), url).toBeNull();
  });

  it("reports wrong SMTP credentials as a failed delivery", async () => {
    const results = await deliver(
      { kind: "test" },
      { webhookUrl: null, smtp: { host: "127.0.0.1", port: smtp.port, user: "notify", password: "wrong", from: "portal@example.com", to: ["ops@example.com"] }, expectedDay: null },
      { delays: [1] },
    );
    expect(results[0]).toMatchObject({ channel: "email", ok: false, attempts: 2 });
    expect(results[0]!.error).toMatch(/auth|credentials/i);
  });
});
