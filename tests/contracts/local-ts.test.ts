import { afterAll, describe, expect, it } from "vitest";
import { CONTRACT_PARSE } from "@/lib/contracts";
import { Duck } from "@/lib/pipeline/duck";
import { monthParams } from "@/lib/pipeline/month-params";
import { parseParams } from "@/lib/pipeline/plan/job1-sql";
import { loadSql, renderSql, sqlString } from "@/lib/pipeline/sql/render";

// local_ts() (macros.sql) subtracts a constant offset inside the window where the zone keeps one and
// leaves the rest to ICU: it must give ICU's instant for every wall-clock time, inside the window or not.
const CASES: { zone: string | undefined; session: string; month: string; note: string }[] = [
  { zone: "America/Sao_Paulo", session: "UTC", month: "2025-11", note: "no DST since 2019" },
  { zone: "America/Sao_Paulo", session: "UTC", month: "2018-11", note: "DST began 4 Nov 2018 at 00:00 (a missing midnight)" },
  { zone: "Europe/Berlin", session: "Europe/Berlin", month: "2025-10", note: "back an hour on 26 Oct (an hour twice)" },
  { zone: "America/New_York", session: "UTC", month: "2025-03", note: "forward an hour on 9 Mar" },
  { zone: "Australia/Lord_Howe", session: "UTC", month: "2025-04", note: "a half-hour change" },
  { zone: "Asia/Kathmandu", session: "UTC", month: "2025-06", note: "+05:45, no DST" },
  { zone: undefined, session: "Europe/London", month: "2025-03", note: "no profile zone: the session's" },
];

describe("local_ts: wall-clock time in the source's zone → instant, as ICU reads it", () => {
  const ducks: Duck[] = [];
  afterAll(async () => {
    for (const d of ducks) await d.close();
  });

  for (const c of CASES) {
    it(`${c.zone ?? "session zone"} in ${c.month} (${c.note})`, async () => {
      const duck = await Duck.open({ timeZone: c.session });
      ducks.push(duck);
      await duck.run(renderSql(await loadSql("pipeline/sql/macros.sql"), { ...monthParams(c.month), ...parseParams(CONTRACT_PARSE, c.zone) }));
      const icu = c.zone ? `timezone(${sqlString(c.zone)}, x)` : "CAST(x AS TIMESTAMPTZ)";
      // Every minute from 5 days before the month to 5 days after (both sides of the window), with
      // microseconds, and a few values years away (a customer's signup in another offset).
      const [row] = await duck.all<{ n: number; wrong: number; fast: number; example: string | null }>(`
        WITH v AS (
          SELECT w + to_microseconds(epoch_us(w) % 997) AS x
          FROM generate_series(CAST('${c.month}-01' AS TIMESTAMP) - INTERVAL 5 DAY, CAST('${c.month}-01' AS TIMESTAMP) + INTERVAL 36 DAY, INTERVAL 1 MINUTE) g(w)
          UNION ALL SELECT CAST(s AS TIMESTAMP) FROM (VALUES ('2010-01-15 12:00:00'), ('2016-02-20 23:30:00'), ('1999-07-01 08:00:00'), ('2035-12-31 23:59:59.999999')) t(s))
        SELECT count(*) AS n, count(*) FILTER (WHERE local_ts(x) IS DISTINCT FROM ${icu}) AS wrong,
          count(*) FILTER (WHERE x >= getvariable('local_ts_window').lo AND x < getvariable('local_ts_window').hi) AS fast,
          min(CAST(x AS VARCHAR)) FILTER (WHERE local_ts(x) IS DISTINCT FROM ${icu}) AS example
        FROM v`);
      expect(row!.example).toBeNull();
      expect(row!.wrong).toBe(0);
      // The window is not empty: most of the month takes the fast path (a changing zone loses ≤ 2 days).
      expect(row!.fast).toBeGreaterThan(20 * 24 * 60);
      // Parsed inside a CASE (as parse_ts does), a value outside the window still gets ICU's instant.
      const [nested] = await duck.all<{ ok: boolean }>(
        `SELECT CASE WHEN true THEN local_ts(TIMESTAMP '2001-01-01 10:00:00') END = ${icu.replace("x", "TIMESTAMP '2001-01-01 10:00:00'")} AS ok`,
      );
      expect(nested!.ok).toBe(true);
    });
  }

  it("a connection that did not run the macros file falls back to ICU, never to a wrong instant", async () => {
    const duck = await Duck.open({ timeZone: "UTC" });
    ducks.push(duck);
    await duck.run(renderSql(await loadSql("pipeline/sql/macros.sql"), { ...monthParams("2025-11"), ...parseParams(CONTRACT_PARSE, "America/Sao_Paulo") }));
    await duck.run("RESET VARIABLE local_ts_window");
    const [row] = await duck.all<{ t: string }>(`SELECT CAST(local_ts(TIMESTAMP '2025-11-10 12:00:00') AS VARCHAR) AS t`);
    expect(row!.t).toBe("2025-11-10 15:00:00+00");
  });
});
