// The one-time database setup (infra/db-setup.sql, Terraform output db_setup_sql) on a real PostgreSQL:
// run as a master user that is not a superuser (as on RDS), then the portal applies its migrations as
// its own user and job 3 creates and loads its tables as the loader. Before, the loader had only
// CREATE on the database while the portal's migration owned the analytics schema: "permission denied".
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INFRA, loadTerraform } from "./hcl";

const URL_ = process.env.TEST_DATABASE_URL;
const ROOT = path.resolve(INFRA, "..");
const id = Math.random().toString(36).slice(2, 8);
const names = { db: `setup_${id}`, master: `master_${id}`, portal: `portal_${id}`, loader: `loader_${id}` };

/** What Terraform's local.db_setup_sql gives: the file filled, split into statements, comments removed. */
function setupStatements(vars: { db_name: string; portal_user: string; loader_user: string }): string[] {
  const text = readFileSync(path.join(INFRA, "db-setup.sql"), "utf8").replace(/\$\{(\w+)\}/g, (_, k: keyof typeof vars) => vars[k]);
  return text
    .replace(/--[^\n]*/g, "")
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);
}

const migrations = () =>
  readdirSync(path.join(ROOT, "prisma/migrations"), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((n) => readFileSync(path.join(ROOT, "prisma/migrations", n, "migration.sql"), "utf8"));
const job3Ddl = () => readFileSync(path.join(ROOT, "lib/pipeline/sql/job3/ddl.sql"), "utf8");

async function as<T>(db: string, role: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const u = new URL(URL_!);
  u.pathname = `/${db}`;
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    await c.query(`SET ROLE ${role}`);
    return await fn(c);
  } finally {
    await c.end();
  }
}

describe.skipIf(!URL_)("database setup for the portal and job 3 (PostgreSQL)", () => {
  let admin: pg.Client;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: URL_ });
    await admin.connect();
    // rds_iam exists on RDS; here a plain role stands in for it.
    await admin.query(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rds_iam') THEN CREATE ROLE rds_iam NOLOGIN; END IF; END $$`);
    await admin.query(`CREATE ROLE ${names.master} LOGIN CREATEROLE`);
    await admin.query(`GRANT rds_iam TO ${names.master} WITH ADMIN OPTION`);
    for (const db of [names.db, `${names.db}_old`]) await admin.query(`CREATE DATABASE ${db} OWNER ${names.master}`);
  });

  afterAll(async () => {
    if (!admin) return;
    for (const db of [names.db, `${names.db}_old`]) await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    for (const r of [names.portal, names.loader, `${names.portal}_old`, `${names.loader}_old`, names.master]) await admin.query(`DROP ROLE IF EXISTS ${r}`).catch(() => {});
    await admin.end();
  });

  it("Terraform's output is this file with the deployment's names", async () => {
    const tf = await loadTerraform();
    expect(String(tf.locals.db_setup_sql)).toMatch(/split\(";", replace\(templatefile\("\$\{path\.module\}\/db-setup\.sql", \{\s*db_name\s*=\s*var\.db_name\s*portal_user\s*=\s*var\.db_portal_username\s*loader_user\s*=\s*var\.db_loader_username\s*\}\), "\/--\[\^\\n\]\*\/", ""\)\)/);
    expect(tf.outputs.db_setup_sql!.value).toBe("${local.db_setup_sql}");
  });

  it("after the setup the portal migrates as its own user and job 3 creates, replaces and loads its tables", async () => {
    const statements = setupStatements({ db_name: names.db, portal_user: names.portal, loader_user: names.loader });
    expect(statements.length).toBeGreaterThan(5);
    await as(names.db, names.master, async (c) => {
      for (const s of statements) await c.query(s);
    });
    await as(names.db, names.portal, async (c) => {
      for (const m of migrations()) await c.query(m);
    });
    await as(names.db, names.loader, async (c) => {
      await c.query(job3Ddl());
      await c.query("BEGIN");
      await c.query("DELETE FROM analytics.mart_kpis WHERE month = '2025-11'");
      await c.query("INSERT INTO analytics.mart_kpis (month, revenue, orders) VALUES ('2025-11', 10, 1)");
      await c.query("COMMIT");
      // The month is replaced on a re-run.
      await c.query(job3Ddl());
      expect((await c.query("SELECT count(*)::int AS n FROM analytics.mart_kpis")).rows[0].n).toBe(1);
    });
    // Both users log in with IAM tokens.
    const members = await admin.query(`SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE m.roleid = (SELECT oid FROM pg_roles WHERE rolname = 'rds_iam') AND r.rolname = ANY($1)`, [[names.portal, names.loader]]);
    expect(members.rows.map((r) => r.rolname).sort()).toEqual([names.loader, names.portal].sort());
  });

  it("the setup before this change (CREATE on the database only) left job 3 without rights in the portal's schema", async () => {
    const db = `${names.db}_old`;
    const portal = `${names.portal}_old`;
    const loader = `${names.loader}_old`;
    await as(db, names.master, async (c) => {
      for (const s of [`CREATE ROLE ${portal} LOGIN`, `GRANT CONNECT, CREATE ON DATABASE ${db} TO ${portal}`, `GRANT USAGE, CREATE ON SCHEMA public TO ${portal}`, `CREATE ROLE ${loader} LOGIN`, `GRANT CREATE ON DATABASE ${db} TO ${loader}`]) await c.query(s);
    });
    await as(db, portal, async (c) => {
      for (const m of migrations()) await c.query(m);
    });
    await expect(as(db, loader, (c) => c.query(job3Ddl()))).rejects.toThrow(/permission denied for schema analytics/);
  });
});
