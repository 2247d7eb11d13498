import { once } from "node:events";
import { existsSync } from "node:fs";
import { spawn } from "node:child_process";
import { mkdtemp, readdir, rm, writeFile, mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fullMonth, orderItemsCsv, ordersCsv } from "../support/fixtures";
import { npmScriptArgs, runNpmScript } from "../support/npm-script";


/** Runs a CLI script the way `npm run` does; resolves with the exit code instead of throwing. */
const cli = runNpmScript;

describe("command line: pipeline and kpis", () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "shoplake-cli-"));
    env = { DATA_DIR: path.join(dir, "data"), BUSINESS_TIMEZONE: "UTC", PORTAL_BACKEND: "local", DATABASE_URL: "" };
    await mkdir(path.join(dir, "month"));
    for (const [name, content] of Object.entries(fullMonth())) await writeFile(path.join(dir, "month", name), content);
    await writeFile(path.join(dir, "broken_orders.csv"), "order_id,customer_id\no1,c1\n");
    // A month with orders only: no sessions, events or reviews.
    await mkdir(path.join(dir, "orders-only"));
    await writeFile(path.join(dir, "orders-only", "orders.csv"), ordersCsv("2025-12"));
    await writeFile(path.join(dir, "orders-only", "order_items.csv"), orderItemsCsv());
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("exits 2 on bad arguments with a usage line", async () => {
    for (const args of [[], ["--month", "2025-13", path.join(dir, "month")], ["--month", "2025-11"], ["--month", "2025-11", path.join(dir, "nope")], ["--month", "2999-12", path.join(dir, "month")]]) {
      const r = await cli("pipeline", args, env);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/usage: npm run pipeline/);
    }
    // A month that has not begun was exit 1, as if a run had failed.
    expect((await cli("pipeline", ["--month", "2999-12", path.join(dir, "month")], env)).stderr).toContain("--month: month 2999-12 has not begun yet");
    // Commands that take no argument refuse one instead of ignoring it (exit 0, the month given unused).
    for (const script of ["notify:missing", "db:migrate"]) {
      const r = await cli(script, ["--month", "2025-12"], env);
      expect(r.code, script).toBe(2);
      expect(r.stderr, script).toContain("unexpected argument: --month");
    }
    // A --profile is held to the profile's size before it is read; a device such as /dev/zero is no file.
    const big = path.join(dir, "big-profile.json");
    await writeFile(big, `{"name": "${"x".repeat(70 * 1024)}"}`);
    const profiles = [
      [path.join(dir, "no-profile.json"), "no such file"],
      [big, "a profile is at most 64 KB"],
      ["/dev/zero", "not a file"],
    ] as const;
    for (const [file, why] of profiles) {
      const r = await cli("pipeline", ["--month", "2025-11", "--profile", file, path.join(dir, "month")], env);
      expect(r.code, file).toBe(2);
      expect(r.stderr).toContain(`--profile ${file}: ${why}`);
    }
    // A refused command opens no database: nothing is created under DATA_DIR.
    expect(existsSync(env.DATA_DIR!)).toBe(false);
  });

  it("reads relative paths from the folder npm was called from (INIT_CWD), not the project's", async () => {
    await writeFile(path.join(dir, "wrong-profile.json"), `{"delimiter": "#"}`);
    const r = await cli("pipeline", ["--month", "2025-11", "--profile", "wrong-profile.json", "month"], { ...env, INIT_CWD: dir });
    expect(r.code).toBe(2);
    // Both were found there: the profile is read (and refused for what it says), the folder is no problem.
    expect(r.stderr).toContain("--profile wrong-profile.json: ");
    expect(r.stderr).not.toContain("no such file");
    expect(r.stderr).toContain("delimiter");
  });

  it("reads a relative DATA_DIR from the folder npm was called from too (it wrote into the project)", async () => {
    const r = await cli("kpis", ["--month", "2025-11"], { ...env, DATA_DIR: "relative-data", INIT_CWD: dir });
    // Read from there: and as it does not exist, kpis (which only reads) says so instead of creating an empty database.
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`DATA_DIR ${path.join(dir, "relative-data")} does not exist: nothing was loaded there (check the path)`);
    expect(existsSync(path.join(dir, "relative-data"))).toBe(false);
    expect(existsSync(path.join(process.cwd(), "relative-data"))).toBe(false);
  });

  it("kpis names a bad month and an option given twice (it printed the usage alone, or took the last silently)", async () => {
    const bad = await cli("kpis", ["--month", "2025-13"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--month must be a YYYY-MM month, got "2025-13"');
    const twice = await cli("kpis", ["--month", "2025-11", "--month", "2025-10"], env);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("--month is given more than once");
    // A DATA_DIR that is a file: said plainly by the command that reads and the one that writes (a stack trace of ENOTDIR).
    const file = path.join(dir, "a-file");
    await writeFile(file, "not a folder");
    const reads = await cli("kpis", ["--month", "2025-11"], { ...env, DATA_DIR: file });
    expect([reads.code, reads.stderr.split("\n")[0]]).toEqual([2, `DATA_DIR ${file} is a file, not a folder`]);
    const writes = await cli("db:migrate", [], { ...env, DATA_DIR: file });
    expect([writes.code, writes.stderr.trim()]).toEqual([1, `DATA_DIR ${file} is a file, not a folder`]);
  });

  it("uploads a folder as one batch and prints the run as JSON (exit 0)", async () => {
    const r = await cli("pipeline", ["--month", "2025-11", "--json", path.join(dir, "month")], env);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ month: "2025-11", status: "succeeded" });
    expect(out.runId).toEqual(expect.any(String));
    expect(out.batchId).toEqual(expect.any(String));
    expect(out.durationMs).toBeGreaterThan(0);
    expect(out.steps.map((s: { name: string }) => s.name)).toEqual([
      "ValidateBatch", "Job1RawToProcessed", "Job2ProcessedToCurated", "QualityGate", "Job3CuratedToDatabase", "CrawlProcessed", "CrawlCurated", "PublishRunSummary",
    ]);
    expect(out.tables.orders).toEqual({ rowsIn: 3, rowsOut: 3, rejected: 0, duplicates: 0, orphans: 0, reasons: [], warnings: expect.any(Array) });
    // Orphans are the quality report's too (only job 2's report had them).
    for (const t of Object.values(out.tables) as { orphans: unknown }[]) expect(t.orphans).toEqual(expect.any(Number));
    expect(Object.keys(out.tables).sort()).toEqual(["customers", "events", "order_items", "orders", "products", "reviews", "sessions"]);
  });

  it("demo refuses a DATA_DIR that has users of its own (it added an admin with a printed password), before it generates anything", async () => {
    const demoEnv = { ...env, DATA_DIR: path.join(dir, "demo-data") };
    const created = await cli("user:create", ["--email", "olga@example.org", "--role", "admin", "--password", "correct horse battery 42"], demoEnv);
    expect(created.code, created.stderr).toBe(0);
    const r = await cli("demo", [], demoEnv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("already has 1 user(s) of its own: the demo adds accounts with a known password. Run it with another DATA_DIR.");
    expect(existsSync(path.join(dir, "demo-data", "demo-csv"))).toBe(false);
  });

  it("kpis --help prints its usage (exit 0), as pipeline --help does", async () => {
    const r = await cli("kpis", ["--help"], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("usage: npm run kpis -- --month YYYY-MM");
  });

  it("prints the month's numbers with kpis --json", async () => {
    const r = await cli("kpis", ["--month", "2025-11", "--json"], env);
    expect(r.code, r.stderr).toBe(0);
    const k = JSON.parse(r.stdout);
    expect(k).toMatchObject({ month: "2025-11", orders: 2, buyers: 2, revenueByCountry: { FR: 54, DE: 21.6 } });
    expect(k.revenue).toBeCloseTo(75.6, 6);
    expect(k.funnel).toMatchObject({ available: true, sessions: 3, browsed: 3, cart: 2, checkout: 1, purchased: 1 });
    expect(k.postSale).toMatchObject({ available: true, reviewShare: 0.5, note: expect.stringMatching(/later months/) });
    expect(k.margin).toEqual({ value: 25, salesWithCost: 58, coverage: 1 });
    expect(Object.keys(k)).toEqual(expect.arrayContaining(["aov", "mom", "weekly", "categories", "margin", "postSale", "revenueByChannel", "heatmap"]));
  });

  it("exits 1 when the quality gate holds the run, naming the missing column and the failed rule", async () => {
    const r = await cli("pipeline", ["--month", "2025-11", path.join(dir, "broken_orders.csv"), path.join(dir, "month", "products.csv")], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("HELD");
    // Contract v2: total is optional (computed from the lines).
    expect(r.stdout).toMatch(/missing required columns order_ts, status\b/);
    const j = await cli("pipeline", ["--month", "2025-11", "--json", path.join(dir, "broken_orders.csv"), path.join(dir, "month", "products.csv")], env);
    expect(j.code).toBe(1);
    const out = JSON.parse(j.stdout);
    expect(out.status).toBe("held");
    expect(out.gate).toEqual([{ table: "orders", rule: "no_rows", value: 0, limit: 1 }]);
    expect(out.tables.orders.error).toMatch(/missing required columns order_ts, status/);
  });

  it("--json lists each table's reject reasons by rule and column", async () => {
    const bad = "order_id,customer_id,order_ts,status,total\no1,c1,2025-11-03T09:00:00Z,paid,10\no2,c1,2025-11-03T09:00:00Z,lost,10\no3,c1,2025-11-03T09:00:00Z,gone,5\n";
    await writeFile(path.join(dir, "orders.csv"), bad);
    const r = await cli("pipeline", ["--month", "2025-11", "--json", path.join(dir, "orders.csv")], env);
    const out = JSON.parse(r.stdout);
    expect(out.tables.orders.reasons).toEqual([{ rule: "enum", column: "status", count: 2 }]);
    expect(out.gate).toContainEqual({ table: "orders", rule: "rejects", value: 2 / 3, limit: 0.05 });
  });

  it("names every file it cannot place in one go (exit 2), and --table places them", async () => {
    await mkdir(path.join(dir, "unnamed"));
    await writeFile(path.join(dir, "unnamed", "export1.csv"), "a,b\n1,2\n");
    await writeFile(path.join(dir, "unnamed", "export2.csv"), "x;y\n1;2\n");
    // A name naming two tables, whose header says neither (it was loaded as customers, the longer name).
    await writeFile(path.join(dir, "unnamed", "customers_orders.csv"), "customer,orders\nc1,3\n");
    // An empty file is refused as on the upload page (startBatchInput), named here.
    await writeFile(path.join(dir, "unnamed", "reviews.csv"), "");
    const refusedDir = path.join(dir, "data-refused");
    const r = await cli("pipeline", ["--month", "2025-11", path.join(dir, "unnamed")], { ...env, DATA_DIR: refusedDir });
    expect(r.code).toBe(2);
    expect(existsSync(refusedDir), "files that cannot be placed open no database").toBe(false);
    expect(r.stderr).toContain("export1.csv: cannot tell which table");
    expect(r.stderr).toContain("export2.csv: cannot tell which table");
    expect(r.stderr).toContain("reviews.csv: the file is empty — an empty file cannot be uploaded");
    expect(r.stderr).toContain("customers_orders.csv: its name names customers and orders and its header does not say which — name it after the table");
    await rm(path.join(dir, "unnamed", "reviews.csv"));
    await rm(path.join(dir, "unnamed", "customers_orders.csv"));
    const bad = await cli("pipeline", ["--month", "2025-11", "--table", "export1.csv=invoices", path.join(dir, "unnamed")], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--table export1.csv=invoices: expected FILE=TABLE/);
    // A file whose name says nothing, placed by the uploader.
    await writeFile(path.join(dir, "unnamed", "export1.csv"), ordersCsv());
    await rm(path.join(dir, "unnamed", "export2.csv"));
    const ok = await cli("pipeline", ["--month", "2025-11", "--json", "--table", "export1.csv=orders", path.join(dir, "unnamed")], env);
    expect(JSON.parse(ok.stdout).tables.orders).toMatchObject({ rowsIn: 3, rowsOut: 3 });
  });

  it("--skip leaves out the files it names (a path, a base name or a glob), as a shop's download with tables the contract has no place for needs", async () => {
    const folder = path.join(dir, "download");
    await mkdir(folder);
    await writeFile(path.join(folder, "orders.csv"), ordersCsv());
    await writeFile(path.join(folder, "order_items.csv"), orderItemsCsv());
    // Olist's other tables: payments, sellers, the category translation.
    await writeFile(path.join(folder, "olist_order_payments_dataset.csv"), "order_id,payment_sequential,payment_type,payment_value\no1,1,credit_card,99.33\n");
    await writeFile(path.join(folder, "olist_sellers_dataset.csv"), "seller_id,seller_zip_code_prefix\ns1,01001\n");
    await writeFile(path.join(folder, "product_category_name_translation.csv"), "product_category_name,product_category_name_english\nbeleza_saude,health_beauty\n");
    const refusedDir = path.join(dir, "data-download-refused");
    const stuck = await cli("pipeline", ["--month", "2025-11", folder], { ...env, DATA_DIR: refusedDir });
    expect(stuck.code).toBe(2);
    expect(stuck.stderr).toContain("olist_sellers_dataset.csv: cannot tell which table this file is — name it after the table (e.g. orders.csv), say it with --table olist_sellers_dataset.csv=TABLE, or leave it out with --skip olist_sellers_dataset.csv");
    // A --skip that names no file is a mistake (a typo would otherwise upload the file it meant to leave out).
    const typo = await cli("pipeline", ["--month", "2025-11", "--skip", "olist_seller.csv", folder], { ...env, DATA_DIR: refusedDir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("--skip olist_seller.csv: no such file among the files and folders given");
    // A file both placed and left out is a contradiction, named.
    const both = await cli("pipeline", ["--month", "2025-11", "--table", "olist_sellers_dataset.csv=customers", "--skip", "olist_sellers*", folder], { ...env, DATA_DIR: refusedDir });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("olist_sellers_dataset.csv: both --table and --skip olist_sellers* name it");
    expect(both.stderr, "said once, not also as a --table or --skip that names nothing").not.toContain("no such file");
    expect(existsSync(refusedDir), "arguments refused open no database").toBe(false);
    const payments = path.join(folder, "olist_order_payments_dataset.csv");
    const ok = await cli(
      "pipeline",
      ["--month", "2025-11", "--json", "--skip", "OLIST_*PAYMENTS*", "--skip", "olist_sellers_dataset.csv", "--skip", path.join(folder, "product_category_name_translation.csv"), folder],
      env,
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain(`skipped ${payments}: --skip OLIST_*PAYMENTS*`);
    expect(ok.stderr).toContain(`skipped ${path.join(folder, "olist_sellers_dataset.csv")}: --skip olist_sellers_dataset.csv`);
    expect(Object.keys(JSON.parse(ok.stdout).tables).sort()).toEqual(["order_items", "orders"]);
  });

  it("lists a folder's other files as skipped, reads a --table file wherever it is, and refuses a workbook before anything is created", async () => {
    const folder = path.join(dir, "mixed");
    await mkdir(folder);
    await writeFile(path.join(folder, "order_items.csv"), orderItemsCsv());
    await writeFile(path.join(folder, "pedidos.txt"), ordersCsv()); // a shop's export saved as .txt
    await writeFile(path.join(folder, ".DS_Store"), Buffer.from([0, 0, 0, 1])); // a hidden file is not mentioned
    // A profile beside the CSVs (as data:generate and the portal's export write one) is named as one.
    await writeFile(path.join(folder, "profile.json"), JSON.stringify({ name: "Shop", delimiter: "," }));
    await writeFile(path.join(folder, "notes.json"), "[1, 2]");
    // A folder inside (last month's files kept beside) is not read, and said so (it was skipped unseen).
    await mkdir(path.join(folder, "old"));
    await writeFile(path.join(folder, "old", "orders.csv"), ordersCsv());
    // An .xlsx is a ZIP archive: its first bytes say so, whatever its name.
    await writeFile(path.join(folder, "orders-sheet.xlsx"), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]));
    const refusedDir = path.join(dir, "data-mixed-refused");
    const sheet = await cli("pipeline", ["--month", "2025-11", "--table", "orders-sheet.xlsx=orders", folder], { ...env, DATA_DIR: refusedDir });
    expect(sheet.code).toBe(2);
    expect(sheet.stderr).toContain(`${path.join(folder, "orders-sheet.xlsx")}: the file is a ZIP archive (an Excel .xlsx workbook is one), not CSV text`);
    expect(existsSync(refusedDir), "a refused workbook opens no database").toBe(false);
    // A --table name that is no file given is a mistake, not ignored.
    const typo = await cli("pipeline", ["--month", "2025-11", "--table", "pedido.txt=orders", folder], { ...env, DATA_DIR: refusedDir });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("--table pedido.txt=orders: no such file among the files and folders given");
    await rm(path.join(folder, "orders-sheet.xlsx"));
    // Without --table the .txt is named as skipped (only order_items is uploaded)…
    const without = await cli("pipeline", ["--month", "2025-11", "--json", folder], env);
    expect(without.stderr).toContain(`skipped ${path.join(folder, "pedidos.txt")}: not a .csv file (--table pedidos.txt=TABLE reads it)`);
    const profileFile = path.join(folder, "profile.json");
    expect(without.stderr).toContain(`skipped ${profileFile}: a source profile, not used unless given (--profile ${profileFile} reads the files with it)`);
    expect(without.stderr).toContain(`skipped ${path.join(folder, "notes.json")}: not a .csv file`);
    expect(without.stderr).toContain(`skipped ${path.join(folder, "old")}${path.sep}: a folder inside a folder is not read (give it as a folder of its own)`);
    expect(Object.keys(JSON.parse(without.stdout).tables)).toEqual(["order_items"]);
    // …and with it, read from the folder; a file named by --table alone is read too.
    const named = await cli("pipeline", ["--month", "2025-11", "--json", "--profile", profileFile, "--table", "pedidos.txt=orders", folder], env);
    expect(named.stderr).not.toContain("skipped " + profileFile); // given: it is the profile, not a skipped file
    expect(named.stderr).not.toContain("pedidos.txt: not a .csv file");
    expect(JSON.parse(named.stdout).tables.orders).toMatchObject({ rowsIn: 3, rowsOut: 3 });
    const alone = path.join(folder, "pedidos.txt");
    const single = await cli("pipeline", ["--month", "2025-11", "--json", "--table", `${alone}=orders`, path.join(folder, "order_items.csv")], env);
    expect(JSON.parse(single.stdout).tables.orders).toMatchObject({ rowsIn: 3, rowsOut: 3 });
    // Named by another spelling of its path (relative, with ./) beside its folder: the same file, read once.
    const spelled = `${path.relative(process.cwd(), folder)}/./pedidos.txt`;
    const again = await cli("pipeline", ["--month", "2025-11", "--json", "--table", `${spelled}=orders`, folder], env);
    expect(JSON.parse(again.stdout).tables.orders).toMatchObject({ rowsIn: 3, rowsOut: 3 });
  });

  it("killed (-9) in the middle of its uploads, the command runs again on the same DATA_DIR: no half-written file left, the month published", async () => {
    const dataDir = path.join(dir, "data-killed");
    const big = path.join(dir, "big");
    await mkdir(big);
    for (const [name, content] of Object.entries(fullMonth())) await writeFile(path.join(big, name), content);
    // A large file first in the folder's order, so the kill lands while files are still being written.
    await writeFile(path.join(big, "customers.csv"), "customer_id,signup_ts,country\n" + "c1,2019-01-01T00:00:00Z,DE\n".repeat(400_000));
    // node itself, as npm runs it: the command runs in this process, which the SIGKILL reaches.
    const child = spawn(process.execPath, [...npmScriptArgs("pipeline"), "--month", "2025-11", big], { env: { ...process.env, ...env, DATA_DIR: dataDir } });
    const exited = once(child, "exit");
    let out = "";
    await new Promise<void>((resolve) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("uploaded customers.csv")) resolve();
      });
      void exited.then(() => resolve());
    });
    child.kill("SIGKILL");
    await exited;
    expect(out).toContain("uploaded customers.csv");
    expect(out, "killed before the run started").not.toContain("started");
    const again = await cli("pipeline", ["--month", "2025-11", "--json", big], { ...env, DATA_DIR: dataDir });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: "succeeded" });
    const parts = (await readdir(path.join(dataDir, "lake"), { recursive: true })).filter((f) => String(f).endsWith(".part"));
    expect(parts).toEqual([]);
  });

  it("kpis text of a month without sessions says not available, never undefined", async () => {
    expect((await cli("pipeline", ["--month", "2025-12", path.join(dir, "orders-only")], env)).code).toBe(0);
    const r = await cli("kpis", ["--month", "2025-12"], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/undefined|NaN/);
    expect(r.stdout).toContain("funnel: not available (no sessions, no events)");
    expect(r.stdout).toContain("sessions heatmap: not available (no sessions)");
    expect(r.stdout).toContain("post-sale review share: not available (no reviews)");
    const k = JSON.parse((await cli("kpis", ["--month", "2025-12", "--json"], env)).stdout);
    expect(k.funnel).toEqual({ available: false, missing: ["sessions", "events"], reason: "this month has no sessions or events" });
    expect(k.heatmap.sessions).toEqual({ available: false, missing: ["sessions"], reason: "this month has no sessions" });
  });

  it("kpis over a range: months, total and cohorts as JSON; a range over five years is refused", async () => {
    const r = await cli("kpis", ["--from", "2025-11", "--to", "2025-12", "--json"], env);
    expect(r.code, r.stderr).toBe(0);
    const k = JSON.parse(r.stdout);
    expect(k.months.map((m: { month: string }) => m.month)).toEqual(["2025-11", "2025-12"]);
    expect(Object.keys(k)).toEqual(expect.arrayContaining(["months", "total", "cohorts"]));
    const huge = await cli("kpis", ["--from", "0001-01", "--to", "9999-12", "--json"], env);
    expect(huge.code).toBe(2);
    expect(huge.stderr).toContain("--from 0001-01 --to 9999-12: a range is at most 60 months");
  });
});
