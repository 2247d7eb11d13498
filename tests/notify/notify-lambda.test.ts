// The AWS notify function (lib/aws/lambdas/notify.ts and its committed bundle) fed events shaped like
// the documented EventBridge "Step Functions Execution Status Change" event, posting to a real receiver.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as source from "@/lib/aws/lambdas/notify";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { S3_CREDENTIALS, startLocalS3, type LocalS3 } from "../aws/helpers/s3-server";
import { startHttpReceiver, startSmtpReceiver, type HttpReceiver } from "./receivers";

const bundle = (await import(`${"../../infra/lambda/notify/index.mjs"}`)) as typeof source;

const SM = "arn:aws:states:eu-west-1:123456789012:stateMachine:shoplake-pipeline";
const MANIFEST = "raw/_manifests/month=2025-11/batch=b42.json";

/** As in the Step Functions user guide ("Step Functions Execution Status Change"), detail as strings. */
function statusEvent(status: string, over: { name?: string; input?: unknown; output?: unknown; error?: string; cause?: string } = {}) {
  const name = over.name ?? "batch-b42";
  return {
    version: "0",
    id: "315c1398-40ff-a850-213b-158f73e60175",
    "detail-type": "Step Functions Execution Status Change",
    source: "aws.states",
    account: "123456789012",
    time: "2025-12-01T08:15:00Z",
    region: "eu-west-1",
    resources: [`arn:aws:states:eu-west-1:123456789012:execution:shoplake-pipeline:${name}`],
    detail: {
      executionArn: `arn:aws:states:eu-west-1:123456789012:execution:shoplake-pipeline:${name}`,
      stateMachineArn: SM,
      name,
      status,
      startDate: 1764576000000,
      stopDate: 1764576900000,
      input: JSON.stringify(over.input ?? { manifestKey: MANIFEST }),
      output: over.output === undefined ? null : JSON.stringify(over.output),
      inputDetails: { included: true },
      outputDetails: { included: true },
      error: over.error ?? null,
      cause: over.cause ?? null,
    },
  };
}

const summary = (status: string, error: string | null = null) => ({ manifestKey: MANIFEST, run: { name: "batch-b42" }, summary: { result: { status, error } } });

describe.each([["source", source], ["bundle", bundle]] as const)("notify Lambda (%s)", (_label, mod) => {
  let hook: HttpReceiver;
  beforeAll(async () => {
    hook = await startHttpReceiver();
  });
  afterAll(async () => hook.close());

  it("maps each ending to the operator event", () => {
    expect(mod.toNotifyEvent(statusEvent("RUNNING"))).toBeNull();
    expect(mod.toNotifyEvent(statusEvent("SUCCEEDED", { output: summary("succeeded") }))).toBeNull();
    expect(mod.toNotifyEvent(statusEvent("FAILED", { error: "States.Timeout", cause: "Job1RawToProcessed timed out" }))).toEqual({
      kind: "run.failed", month: "2025-11", batchId: "b42", runId: null, execution: "batch-b42", error: "States.Timeout: Job1RawToProcessed timed out",
    });
    expect(mod.toNotifyEvent(statusEvent("ABORTED"))).toMatchObject({ kind: "run.failed", error: "execution ABORTED" });
    expect(mod.toNotifyEvent(statusEvent("SUCCEEDED", { output: summary("held", "orders: 12 % rejected") }))).toMatchObject({ kind: "run.held", error: "orders: 12 % rejected" });
    expect(mod.toNotifyEvent(statusEvent("SUCCEEDED", { output: summary("partial", "reviews failed") }))).toMatchObject({ kind: "run.failed" });
    const retry = statusEvent("SUCCEEDED", { name: "batch-b42-r2", input: { manifestKey: MANIFEST, resumeFrom: "Job2ProcessedToCurated", run: { name: "batch-b42" } }, output: summary("succeeded") });
    expect(mod.toNotifyEvent(retry)).toMatchObject({ kind: "run.succeeded_after_retry", execution: "batch-b42-r2", month: "2025-11" });
    expect(mod.toNotifyEvent({ "detail-type": "Object Created", detail: {} })).toBeNull();
  });

  it("posts the failure to the webhook, retrying a failing receiver, and does nothing without a URL", async () => {
    const lines: string[] = [];
    hook.status = 503;
    let tries = 0;
    const handler = mod.makeHandler({ webhookUrl: hook.url, appUrl: "https://portal.example.com", delays: [1, 1], wait: async () => void (++tries === 1 && (hook.status = 200)), log: (l) => lines.push(l) });
    const res = await handler(statusEvent("FAILED", { error: "Glue.JobRunFailed", cause: "out of memory" }));
    expect(res).toEqual({ sent: true, event: "run.failed", error: null });
    expect(hook.bodies).toHaveLength(2);
    expect(hook.bodies[1]).toMatchObject({ event: "run.failed", month: "2025-11", execution: "batch-b42", error: "Glue.JobRunFailed: out of memory" });
    expect(String(hook.bodies[1]!.text)).toContain("Run for 2025-11 failed");
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: "notify.delivered", attempts: 2 });

    const none = mod.makeHandler({ webhookUrl: "" });
    expect(await none(statusEvent("FAILED"))).toEqual({ sent: false, event: "run.failed", error: null });
    expect(hook.bodies).toHaveLength(2);
  });

  it("e-mails the same message over SMTP beside the webhook; a broken mail server does not stop the webhook", async () => {
    const mail = await startSmtpReceiver();
    try {
      const smtp = mod.smtpFrom(JSON.stringify({ host: "127.0.0.1", port: mail.port, user: "notify", password: "s3cret", from: "lake@example.com", to: ["ops@example.com"] }));
      const before = hook.bodies.length;
      const both = mod.makeHandler({ webhookUrl: hook.url, smtp, delays: [1], wait: async () => undefined, log: () => undefined });
      expect(await both(statusEvent("SUCCEEDED", { output: summary("held", "orders: 12 % rejected") }))).toEqual({ sent: true, event: "run.held", error: null });
      expect(hook.bodies.length).toBe(before + 1);
      expect(mail.mails).toHaveLength(1);
      expect(mail.mails[0]).toMatchObject({ from: "lake@example.com", to: ["ops@example.com"], user: "notify" });
      expect(mail.mails[0]!.data).toContain("2025-11");

      const badMail = mod.makeHandler({ webhookUrl: hook.url, smtp: { ...smtp!, password: "wrong" }, delays: [1], wait: async () => undefined, log: () => undefined });
      const res = await badMail(statusEvent("FAILED"));
      expect(res.sent).toBe(false);
      expect(res.error).toMatch(/auth|Invalid login|credentials/i);
      expect(hook.bodies.length).toBe(before + 2);
      // E-mail alone (no webhook) is a channel too; an empty NOTIFY_SMTP is none; a malformed one is refused.
      const mailOnly = mod.makeHandler({ webhookUrl: "", smtp, delays: [1], wait: async () => undefined, log: () => undefined });
      expect(await mailOnly(statusEvent("FAILED"))).toEqual({ sent: true, event: "run.failed", error: null });
      expect(mail.mails).toHaveLength(2);
      expect(hook.bodies.length).toBe(before + 2);
      expect(mod.smtpFrom("")).toBeNull();
      expect(() => mod.smtpFrom(JSON.stringify({ host: "", port: 0 }))).toThrow(/NOTIFY_SMTP/);
    } finally {
      await mail.close();
    }
  });

  describe("the hourly missing-month check, against the lake (s3rver)", () => {
    let s3: LocalS3;
    let client: S3Client;
    beforeAll(async () => {
      s3 = await startLocalS3("lake");
      client = new S3Client({ endpoint: s3.endpoint, region: "us-east-1", forcePathStyle: true, credentials: S3_CREDENTIALS });
    });
    afterAll(async () => s3.close());

    /** As EventBridge sends a scheduled rule's event (the EventBridge user guide). */
    const scheduled = { version: "0", id: "89d1a02d", "detail-type": "Scheduled Event", source: "aws.events", time: "2025-12-05T08:00:00Z", detail: {} };

    it("tells a month missing on and after its expected day, once; never a published month; nothing when off", async () => {
      const sent = () => hook.bodies.filter((b) => b.event === "month.missing");
      const before = sent().length;
      const check = mod.s3MissingMonthCheck(client, s3.bucket, 3, "America/Sao_Paulo");
      const at = (iso: string) => mod.makeHandler({ webhookUrl: hook.url, delays: [1], missing: check, now: () => new Date(iso) });
      // 2 December in São Paulo (05:00 UTC on the 3rd is still the 2nd there): not due yet.
      expect(await at("2025-12-03T02:00:00Z")(scheduled)).toEqual({ sent: false, event: null, error: null });
      expect(await at("2025-12-03T08:00:00Z")(scheduled)).toEqual({ sent: true, event: "month.missing", error: null });
      expect(sent().slice(before)).toEqual([expect.objectContaining({ event: "month.missing", month: "2025-11" })]);
      // Every later hour: already told.
      expect(await at("2025-12-04T08:00:00Z")(scheduled)).toEqual({ sent: false, event: null, error: null });
      // A published month is never missing.
      await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: "curated/mart_kpis/month=2025-12/part-0.parquet", Body: "x" }));
      expect(await at("2026-01-10T08:00:00Z")(scheduled)).toEqual({ sent: false, event: null, error: null });
      // Off: no expected day.
      const off = mod.makeHandler({ webhookUrl: hook.url, missing: mod.s3MissingMonthCheck(client, s3.bucket, null, "UTC"), now: () => new Date("2026-03-20T08:00:00Z") });
      expect(await off(scheduled)).toEqual({ sent: false, event: null, error: null });
      expect(sent().slice(before)).toHaveLength(1);
    });
  });
});
