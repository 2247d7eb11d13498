import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { getDb, getSql } from "@/lib/db/client";
import { describeEachDb } from "./helpers/targets";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "shoplake-sql-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** RFC 4180 edge cases: quoted commas, doubled quotes, line breaks (LF and CRLF), accents, empty = null. */
const TRICKY = [
  "id,note,amount",
  `1,"hello, world",10.5`,
  `2,"she said ""hi""",0`,
  `3,"line one\nline two",-3.25`,
  `4,"crlf\r\ninside",1`,
  `5,Ünïcödé — ok,2`,
  `6,,`,
].join("\n");

describeEachDb("raw SQL handle", () => {
  beforeAll(async () => {
    const sql = await getSql();
    await sql.exec(`CREATE TABLE analytics.copy_test (id INT PRIMARY KEY, note TEXT, amount NUMERIC(12,2));`);
  });

  it("copyFromCsvFile loads quotes, commas and line breaks inside a transaction and returns the row count", async () => {
    const file = path.join(dir, "tricky.csv");
    await writeFile(file, TRICKY);
    const sql = await getSql();
    const loaded = await sql.transaction(async (tx) => {
      await tx.query(`DELETE FROM analytics.copy_test`);
      return tx.copyFromCsvFile("analytics.copy_test", ["id", "note", "amount"], file);
    });
    expect(loaded).toBe(6);
    const rows = await sql.query<{ id: number; note: string | null; amount: string | null }>(
      `SELECT id, note, amount FROM analytics.copy_test ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 1, note: "hello, world", amount: "10.50" },
      { id: 2, note: 'she said "hi"', amount: "0.00" },
      { id: 3, note: "line one\nline two", amount: "-3.25" },
      { id: 4, note: "crlf\r\ninside", amount: "1.00" },
      { id: 5, note: "Ünïcödé — ok", amount: "2.00" },
      { id: 6, note: null, amount: null },
    ]);
  });

  it("loads a CSV staged in bulkLoadDir from the file itself (PGlite's data directory; none on a server)", async () => {
    const sql = await getSql();
    if (sql.kind === "pg") {
      expect(sql.bulkLoadDir).toBeNull();
      return;
    }
    expect(sql.bulkLoadDir).toMatch(new RegExp(`^/.*${path.join("pglite", "shoplake_bulk_load")}$`));
    const staged = path.join(sql.bulkLoadDir!, "it's a run");
    await mkdir(staged, { recursive: true });
    const file = path.join(staged, "tricky.csv");
    await writeFile(file, TRICKY);
    try {
      const loaded = await sql.transaction(async (tx) => {
        await tx.query(`DELETE FROM analytics.copy_test`);
        return tx.copyFromCsvFile("analytics.copy_test", ["id", "note", "amount"], file);
      });
      expect(loaded).toBe(6);
      const rows = await sql.query<{ id: number; note: string | null }>(`SELECT id, note FROM analytics.copy_test ORDER BY id`);
      expect(rows.map((r) => r.note)).toEqual(["hello, world", 'she said "hi"', "line one\nline two", "crlf\r\ninside", "Ünïcödé — ok", null]);
      // Read by path, not streamed: a file that is not there is PostgreSQL's own error about its path.
      await expect(sql.copyFromCsvFile("analytics.copy_test", ["id"], path.join(staged, "gone.csv"))).rejects.toThrow(
        `could not open file "/pglite/data/shoplake_bulk_load/it's a run/gone.csv"`,
      );
    } finally {
      await rm(staged, { recursive: true, force: true });
    }
  });

  it("a rollback leaves nothing: neither the DELETE nor the COPY of the failed transaction", async () => {
    const sql = await getSql();
    const before = await sql.query(`SELECT * FROM analytics.copy_test ORDER BY id`);
    expect(before).toHaveLength(6);
    const file = path.join(dir, "more.csv");
    await writeFile(file, "id,note,amount\n10,a,1\n11,b,2\n");
    await expect(
      sql.transaction(async (tx) => {
        await tx.query(`DELETE FROM analytics.copy_test`);
        expect(await tx.copyFromCsvFile("analytics.copy_test", ["id", "note", "amount"], file)).toBe(2);
        // Visible inside the transaction…
        expect(await tx.query(`SELECT id FROM analytics.copy_test ORDER BY id`)).toEqual([{ id: 10 }, { id: 11 }]);
        throw new Error("job failed after loading");
      }),
    ).rejects.toThrow("job failed after loading");
    // …and gone after the rollback.
    expect(await sql.query(`SELECT * FROM analytics.copy_test ORDER BY id`)).toEqual(before);
  });

  it("a COPY that fails on a bad row rolls its transaction back and reports the row", async () => {
    const sql = await getSql();
    const file = path.join(dir, "bad.csv");
    await writeFile(file, "id,note,amount\n20,ok,1\n21,bad,not-a-number\n");
    await expect(
      sql.transaction(async (tx) => {
        await tx.query(`DELETE FROM analytics.copy_test`);
        await tx.copyFromCsvFile("analytics.copy_test", ["id", "note", "amount"], file);
      }),
    ).rejects.toThrow(/numeric|not-a-number/);
    expect(await sql.query(`SELECT id FROM analytics.copy_test WHERE id >= 20`)).toEqual([]);
    expect(await sql.query(`SELECT count(*)::int AS n FROM analytics.copy_test`)).toEqual([{ n: 6 }]);
    // The handle is still usable afterwards.
    expect(await sql.query(`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });

  it("copyFromCsvFile quotes identifiers (no SQL injection through table or column names)", async () => {
    const sql = await getSql();
    const file = path.join(dir, "x.csv");
    await writeFile(file, "a\n1\n");
    await expect(sql.copyFromCsvFile(`analytics.copy_test; DROP TABLE "User"`, ["id"], file)).rejects.toThrow();
    await expect(sql.copyFromCsvFile("analytics.copy_test", [`id") FROM STDIN; --`], file)).rejects.toThrow();
    expect(await sql.query(`SELECT count(*) AS n FROM "User"`)).toEqual([{ n: 0 }]);
  });

  it("returns the same JS types on both drivers", async () => {
    const sql = await getSql();
    const [row] = await sql.query<Record<string, unknown>>(
      `SELECT 9007199254740::int8 AS big, 7::int4 AS int, 1.5::numeric AS num, 2.5::float8 AS dbl, true AS bool,
              '2025-11-03 14:05:00.123'::timestamp AS ts, '2025-11-03 14:05:00+02'::timestamptz AS tstz,
              '2025-11-03'::date AS d, '{"a":[1,"x"]}'::jsonb AS j, NULL::text AS nothing, 'é'::text AS t`,
    );
    expect(row).toEqual({
      big: 9007199254740,
      int: 7,
      num: "1.5",
      dbl: 2.5,
      bool: true,
      ts: new Date("2025-11-03T14:05:00.123Z"),
      tstz: new Date("2025-11-03T12:05:00Z"),
      d: new Date("2025-11-03T00:00:00Z"),
      j: { a: [1, "x"] },
      nothing: null,
      t: "é",
    });
    const [p] = await sql.query<{ x: string; n: number; when: Date }>(`SELECT $1::text AS x, $2::int AS n, $3::timestamptz AS when`, [
      "a'b",
      42,
      new Date("2025-01-02T03:04:05Z"),
    ]);
    expect(p).toEqual({ x: "a'b", n: 42, when: new Date("2025-01-02T03:04:05Z") });
  });

  it("refuses the outer handle inside its own transaction instead of hanging or escaping the transaction", async () => {
    const sql = await getSql();
    await expect(sql.transaction(async () => sql.query("SELECT 1"))).rejects.toThrow(/inside sql\.transaction\(\): use the transaction's own handle/);
    // A timer scheduled inside the transaction may use the handle once the transaction is over.
    let later: Promise<unknown> | undefined;
    await sql.transaction(async (tx) => {
      await tx.query("SELECT 1");
      later = new Promise((resolve, reject) => setTimeout(() => sql.query("SELECT 2 AS two").then(resolve, reject), 50));
    });
    expect(await later).toEqual([{ two: 2 }]);
  });

  it("Prisma calls made while a raw transaction runs wait for it (PGlite) or run alongside (pg), without deadlock", async () => {
    const sql = await getSql();
    const prisma = await getDb();
    const order: string[] = [];
    let pending: Promise<number> | undefined;
    await sql.transaction(async (tx) => {
      await tx.query(`INSERT INTO analytics.copy_test (id, note) VALUES (100, 'in tx')`);
      // Fire-and-forget, like a log flush timer during job 3: must not deadlock the transaction.
      pending = prisma.user.count().then((n) => (order.push("prisma"), n));
      await new Promise((r) => setTimeout(r, 100));
      await tx.query(`SELECT 1`);
      order.push("tx done");
    });
    expect(await pending).toBe(0);
    expect(order).toContain("prisma");
    // And a Prisma interactive transaction next to raw queries.
    const [n] = await Promise.all([
      prisma.$transaction(async (t) => t.user.count()),
      sql.query(`SELECT count(*) AS n FROM analytics.copy_test WHERE id = 100`),
    ]);
    expect(n).toBe(0);
  });
});
