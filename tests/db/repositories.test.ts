import { expect, it } from "vitest";
import { listAudit, audit } from "@/lib/db/audit";
import { getDb } from "@/lib/db/client";
import { addBatchFile, createBatch, getBatch, listBatches, markBatchCompleted, markFilesVerified } from "@/lib/db/batches";
import { listCatalog, replaceCatalog } from "@/lib/db/catalog";
import { listQuality, saveQualityReport } from "@/lib/db/quality";
import {
  createRun,
  ensureRun,
  getRun,
  getRunByExecutionName,
  listRuns,
  resetStepsFrom,
  updateRun,
  upsertStep,
} from "@/lib/db/runs";
import { consumeUploadToken } from "@/lib/db/upload-tokens";
import {
  countUsers,
  createUser,
  findByEmail,
  findById,
  listUsers,
  recordLogin,
  setActive,
  setPassword,
  setRole,
  verifyPassword,
} from "@/lib/db/users";
import { AppError } from "@/lib/errors";
import { describeEachDb } from "./helpers/targets";

describeEachDb("repositories", () => {
  it("users: create (bcrypt cost 10, normalised email), find, verify, list, role, active, count", async () => {
    expect(await countUsers()).toBe(0);
    const u = await createUser({ email: "  Ops@Example.COM ", password: "s3cret pässword", role: "ops", name: "Olga" });
    expect(u).toMatchObject({ email: "ops@example.com", role: "ops", name: "Olga", active: true, lastLoginAt: null });
    expect(u).not.toHaveProperty("passwordHash");

    const found = await findByEmail("OPS@example.com");
    expect(found?.id).toBe(u.id);
    expect(found?.passwordHash).toMatch(/^\$2[aby]\$10\$/);
    expect(found?.passwordHash).not.toContain("s3cret");
    expect(await verifyPassword(found!, "s3cret pässword")).toBe(true);
    expect(await verifyPassword(found!, "s3cret password")).toBe(false);
    expect(await findByEmail("nobody@example.com")).toBeNull();

    const dup = await createUser({ email: "ops@example.com", password: "x", role: "client" }).catch((e: unknown) => e);
    expect(dup).toBeInstanceOf(AppError);
    expect(dup).toMatchObject({ status: 409, code: "email_taken" });
    await expect(createUser({ email: "not-an-email", password: "x", role: "client" })).rejects.toMatchObject({ status: 400 });
    await expect(createUser({ email: "a@b.c", password: "x", role: "boss" as never })).rejects.toMatchObject({ code: "bad_role" });

    const m = await createUser({ email: "manager@example.com", password: "pw", role: "manager" });
    expect((await listUsers()).map((x) => x.email)).toEqual(["manager@example.com", "ops@example.com"]);
    expect(await countUsers()).toBe(2);

    expect((await setRole(m.id, "admin")).role).toBe("admin");
    // The only active admin keeps admin access, whoever asks; with another admin it can go.
    await expect(setActive(m.id, false)).rejects.toMatchObject({ status: 409, code: "last_admin" });
    await expect(setRole(m.id, "ops")).rejects.toMatchObject({ status: 409, code: "last_admin" });
    expect((await findById(m.id))).toMatchObject({ role: "admin", active: true });
    await setRole(u.id, "admin");
    expect((await setActive(m.id, false)).active).toBe(false);
    expect((await findById(m.id))?.active).toBe(false);
    await setPassword(m.id, "new pw");
    expect(await verifyPassword((await findByEmail("manager@example.com"))!, "new pw")).toBe(true);
    const at = new Date("2025-11-05T10:00:00.000Z");
    await recordLogin(m.id, at);
    expect((await findById(m.id))?.lastLoginAt).toEqual(at);
    expect((await findById(m.id))!.updatedAt.getTime()).toBeGreaterThanOrEqual(m.updatedAt.getTime());
  });

  it("batches: create, add files (one per table), verify, complete, get with files, list by user", async () => {
    const user = await createUser({ email: "client@example.com", password: "pw", role: "client" });
    const b = await createBatch({ id: "b-2025-11-a", month: "2025-11", createdById: user.id, source: "portal" });
    expect(b).toMatchObject({ id: "b-2025-11-a", status: "uploading", completedAt: null, manifestKey: null });
    const big = 6 * 1024 ** 3; // beyond int32: stored as BIGINT
    const f1 = await addBatchFile({ batchId: b.id, table: "orders", fileName: "orders.csv", key: "raw/orders/x.csv", size: big });
    await addBatchFile({ batchId: b.id, table: "customers", fileName: "c.csv", key: "raw/customers/c.csv", size: 10 });
    // Re-announcing a table replaces its file.
    const again = await addBatchFile({ batchId: b.id, table: "customers", fileName: "customers.csv", key: "raw/customers/customers.csv", size: 12 });
    expect(f1.size).toBe(big);
    await markFilesVerified([f1.id]);

    await createBatch({ id: "b-other", month: "2025-10", createdById: null, source: "cli" });
    await markBatchCompleted(b.id, "raw/_manifests/month=2025-11/batch=b-2025-11-a.json");

    const got = await getBatch(b.id);
    expect(got).toMatchObject({ status: "completed", manifestKey: "raw/_manifests/month=2025-11/batch=b-2025-11-a.json" });
    expect(got?.completedAt).toBeInstanceOf(Date);
    expect(got?.files.map((f) => [f.table, f.fileName, f.size, f.verified])).toEqual([
      ["customers", "customers.csv", 12, false],
      ["orders", "orders.csv", big, true],
    ]);
    expect(got?.files.find((f) => f.table === "customers")?.id).toBe(again.id);
    expect(await getBatch("nope")).toBeNull();

    expect((await listBatches({ userId: user.id })).map((x) => x.id)).toEqual([b.id]);
    expect((await listBatches()).map((x) => x.id).sort()).toEqual(["b-2025-11-a", "b-other"]);
  });

  it("runs and steps: ensureRun is idempotent, update, upsert steps, reset for a redrive, list with filters", async () => {
    await createBatch({ id: "b-runs", month: "2025-09" });
    const input = { batchId: "b-runs", month: "2025-09", executionName: "batch-b-runs" };
    const [a, b] = await Promise.all([ensureRun(input), ensureRun(input)]);
    expect(a.id).toBe(b.id);
    expect(a).toMatchObject({ status: "pending", trigger: "manifest", endedAt: null, durationMs: null });
    expect((await getRunByExecutionName("batch-b-runs"))?.id).toBe(a.id);
    await expect(createRun(input)).rejects.toThrow();

    await updateRun(a.id, { status: "running", executionId: "exec-1" });
    const s0 = await upsertStep(a.id, "ValidateBatch", 0, { status: "running", startedAt: new Date() });
    expect(s0).toMatchObject({ name: "ValidateBatch", position: 0, status: "running", attempt: 1 });
    await upsertStep(a.id, "ValidateBatch", 0, { status: "succeeded", endedAt: new Date(), durationMs: 12 });
    await upsertStep(a.id, "Job1RawToProcessed", 1, { status: "failed", startedAt: new Date(), endedAt: new Date(), error: "boom" });
    await upsertStep(a.id, "CrawlProcessed", 2, {});
    const ended = new Date("2025-10-01T00:00:05.000Z");
    await updateRun(a.id, { status: "failed", endedAt: ended, durationMs: 5000, error: "Job1RawToProcessed: boom" });

    const full = await getRun(a.id);
    expect(full).toMatchObject({ status: "failed", endedAt: ended, durationMs: 5000, executionId: "exec-1" });
    expect(full?.steps.map((s) => [s.name, s.status, s.error])).toEqual([
      ["ValidateBatch", "succeeded", null],
      ["Job1RawToProcessed", "failed", "boom"],
      ["CrawlProcessed", "pending", null],
    ]);
    // An undefined patch key leaves the column alone; null clears it.
    await updateRun(a.id, { error: undefined });
    expect((await getRun(a.id))?.error).toBe("Job1RawToProcessed: boom");

    expect(await resetStepsFrom(a.id, 1)).toBe(2);
    const reset = await getRun(a.id);
    expect(reset?.steps.map((s) => [s.name, s.status, s.attempt, s.error, s.startedAt])).toEqual([
      ["ValidateBatch", "succeeded", 1, null, expect.any(Date)],
      ["Job1RawToProcessed", "pending", 2, null, null],
      ["CrawlProcessed", "pending", 1, null, null],
    ]);

    await createBatch({ id: "b-runs-2", month: "2025-10" });
    const r2 = await createRun({ batchId: "b-runs-2", month: "2025-10", executionName: "batch-b-runs-2", trigger: "retry", retryOfId: a.id });
    await updateRun(r2.id, { status: "succeeded" });
    expect((await listRuns()).map((r) => r.id)).toEqual([r2.id, a.id]);
    expect((await listRuns({ status: "failed" })).map((r) => r.id)).toEqual([a.id]);
    expect((await listRuns({ status: ["failed", "succeeded"] })).length).toBe(2);
    expect((await listRuns({ month: "2025-10" })).map((r) => r.id)).toEqual([r2.id]);
    expect((await listRuns({ batchId: "b-runs" })).map((r) => r.id)).toEqual([a.id]);
    expect((await listRuns({ limit: 1 })).map((r) => r.id)).toEqual([r2.id]);
    expect((await listRuns({ limit: 1, beforeId: r2.id })).map((r) => r.id)).toEqual([a.id]);
    expect(await getRun("missing")).toBeNull();
  });

  it("quality reports: save (upsert per run and table), list, extra keys ignored, JSON round-trip", async () => {
    await createBatch({ id: "b-q", month: "2025-11" });
    const run = await ensureRun({ batchId: "b-q", month: "2025-11", executionName: "batch-b-q" });
    const orders = {
      table: "orders",
      file: "orders.csv",
      status: "ok",
      rowsIn: 100,
      rowsOut: 95,
      rejected: 3,
      duplicates: 2,
      orphans: 0,
      topReasons: [{ reason: "bad timestamp", count: 2 }, { reason: "unknown status", count: 1 }],
      warnings: ["unknown column: extra"],
      error: null,
    };
    await saveQualityReport(run.id, "orders", orders);
    await saveQualityReport(run.id, "customers", { status: "failed", error: "missing required column customer_id" });
    const [customers, ord] = await listQuality(run.id);
    expect(customers).toMatchObject({ table: "customers", status: "failed", rowsIn: 0, topReasons: [], warnings: [], error: "missing required column customer_id" });
    expect(ord).toMatchObject({ table: "orders", rowsIn: 100, rowsOut: 95, rejected: 3, duplicates: 2, topReasons: orders.topReasons, warnings: orders.warnings });
    // Job 2 adds orphans by saving a listed report back.
    await saveQualityReport(run.id, "orders", { ...ord!, orphans: 4 });
    const again = await listQuality(run.id);
    expect(again).toHaveLength(2);
    expect(again[1]).toMatchObject({ orphans: 4, rowsIn: 100, id: ord!.id });
  });

  it("catalog: replace a layer (drops vanished tables, keeps the other layer), list", async () => {
    const t = (layer: "processed" | "curated", name: string, rows: number) => ({
      layer,
      name,
      columns: [{ name: "order_id", type: "VARCHAR" }, { name: "amount", type: "DECIMAL(12,2)" }],
      partitions: [{ month: "2025-11", rows, files: 1, bytes: 1234 }],
      rowCount: rows,
      updatedAt: new Date("2025-11-30T00:00:00.000Z"),
    });
    await replaceCatalog("processed", [t("processed", "orders", 10), t("processed", "customers", 5)]);
    await replaceCatalog("curated", [t("curated", "fact_orders_enriched", 10)]);
    await replaceCatalog("processed", [t("processed", "orders", 11)]);
    const all = await listCatalog();
    expect(all.map((x) => `${x.layer}/${x.name}/${x.rowCount}`)).toEqual(["curated/fact_orders_enriched/10", "processed/orders/11"]);
    expect(all[1]).toEqual(t("processed", "orders", 11));
    expect((await listCatalog("curated")).map((x) => x.name)).toEqual(["fact_orders_enriched"]);
    await replaceCatalog("curated", []);
    expect((await listCatalog()).map((x) => x.name)).toEqual(["orders"]);
  });

  it("audit: record, list newest first, filter by actor and action prefix, page; survives the actor's deletion", async () => {
    const admin = await createUser({ email: "admin@example.com", password: "pw", role: "admin" });
    await audit({ action: "auth.sign_in", actorId: admin.id, target: "admin@example.com", ip: "10.0.0.1" });
    await audit({ action: "users.set_role", actorId: admin.id, target: "x", ip: null, details: { from: "ops", to: "admin" } });
    await audit({ action: "auth.sign_in_failed", target: "who@example.com", ip: "10.0.0.2", details: { reason: "unknown_email" } });
    const all = await listAudit();
    expect(all.map((a) => a.action)).toEqual(["auth.sign_in_failed", "users.set_role", "auth.sign_in"]);
    expect(all[1]).toMatchObject({ actorId: admin.id, actorEmail: "admin@example.com", details: { from: "ops", to: "admin" } });
    expect(all[0]).toMatchObject({ actorId: null, actorEmail: null, ip: "10.0.0.2" });
    expect((await listAudit({ action: "auth." })).length).toBe(2);
    expect((await listAudit({ action: "auth.sign_in" })).length).toBe(1);
    expect((await listAudit({ actorId: admin.id })).length).toBe(2);
    const page1 = await listAudit({ limit: 2 });
    const page2 = await listAudit({ limit: 2, beforeId: page1.at(-1)!.id });
    expect([...page1, ...page2].map((a) => a.id)).toEqual(all.map((a) => a.id));

    await (await getDb()).user.delete({ where: { id: admin.id } });
    const after = await listAudit();
    expect(after.map((a) => a.id)).toEqual(all.map((a) => a.id));
    expect(after.every((a) => a.actorId === null)).toBe(true);
  });

  it("upload tokens: a nonce is consumed once", async () => {
    const exp = new Date(Date.now() + 60_000);
    expect(await consumeUploadToken("n1", "raw/orders/x.csv", 10, exp)).toBe(true);
    expect(await consumeUploadToken("n1", "raw/orders/x.csv", 10, exp)).toBe(false);
    expect(await consumeUploadToken("n2", "raw/orders/y.csv", 10, exp)).toBe(true);
    const results = await Promise.all([1, 2, 3, 4].map(() => consumeUploadToken("n3", "k", 1, exp)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
