import { randomBytes } from "node:crypto";
import path from "node:path";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getMonthKpis } from "@/lib/services/month-kpis";
import { getSql } from "@/lib/db/client";
import { fullMonth } from "../support/fixtures";
import { freshPipelineEnv, runBatch } from "../support/pipeline-env";

// The RDS path: the same pipeline with DATABASE_URL on a real PostgreSQL server (TEST_DATABASE_URL).
const base = process.env.TEST_DATABASE_URL;

describe.skipIf(!base)("pipeline on PostgreSQL (TEST_DATABASE_URL)", () => {
  let env: Awaited<ReturnType<typeof freshPipelineEnv>>;
  const dbName = `shoplake_pipeline_${randomBytes(4).toString("hex")}`;
  const admin = () => new Client({ connectionString: base });

  beforeAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`CREATE DATABASE ${dbName}`);
    await c.end();
    const url = new URL(base!);
    url.pathname = `/${dbName}`;
    env = await freshPipelineEnv({ databaseUrl: url.toString() });
  });
  afterAll(async () => {
    await env.cleanup();
    const c = admin();
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await c.end();
  });

  it("runs a month, loads the analytics schema with COPY and replaces it on re-upload", async () => {
    const a = await runBatch(path.join(env.dataDir, "a"), "2025-11", fullMonth());
    expect(a.run.error).toBeNull();
    expect(a.run.status).toBe("succeeded");
    const b = await runBatch(path.join(env.dataDir, "b"), "2025-11", fullMonth());
    expect(b.run.status).toBe("succeeded");
    const sql = await getSql();
    expect(sql.kind).toBe("pg");
    const [orders] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM analytics.fact_orders_enriched WHERE month = '2025-11'`);
    expect(orders?.n).toBe(3);
    const [rev] = await sql.query<{ revenue: string }>(`SELECT sum(total) FILTER (WHERE is_recognised)::text AS revenue FROM analytics.fact_orders_enriched`);
    expect(Number(rev?.revenue)).toBeCloseTo(75.6, 6);
    expect((await getMonthKpis("2025-11"))!.dataAsOf?.runId).toBe(b.runId);
  });
});
