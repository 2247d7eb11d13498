import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkValue, COUNTRY_ALIASES, COUNTRY_CODES, CURRENCY_CODES, TABLES, type ColumnSpec } from "@/lib/contracts";
import { Duck } from "@/lib/pipeline/duck";
import { monthParams } from "@/lib/pipeline/month-params";
import { parseParams } from "@/lib/pipeline/plan/job1-sql";
import { CONTRACT_PARSE, parseNumber, type ParseOptions } from "@/lib/contracts";
import { loadSql, renderSql, sqlString } from "@/lib/pipeline/sql/render";

// The browser check (lib/contracts checkValue) and the job's SQL macros must agree on every value class.
const SAMPLES: Record<string, string[]> = {
  timestamp: ["2025-11-03T14:05:00Z", "2025-11-03 14:05:00", "2025-11-03T14:05:00-03:00", "2025-11-03T14:05:00+0530", "2025-11-03T14:05:00.5Z", "2025-11-03 14:05:00 UTC", "2025-11-03 14:05", "2025-11-03", "03/11/2025", "2025-02-30T10:00:00Z", "soon", " 2025-11-03T14:05:00Z "],
  // Too large for the facts' DECIMAL(18, 4) / the BIGINT read: a range error in both, not "not a number".
  decimal: ["0", "12.5", ".5", "5.", "-1", "+2", "1,000.00", "1e5", "abc", " 3.25 ", "99999999999999.99", "100000000000000", "-123456789012345.5", "00000000000000012.5"],
  integer: ["0", "1", "42", "-3", "1.5", "x", " 7 ", "99999999999", "99999999999999999999999"],
  boolean: ["true", "FALSE", "1", "0", "yes", "No", "maybe"],
  // The shape alone once passed ZZ, XX and UK (a reserved code, read as GB).
  country: ["FR", "fr", " de ", "FRA", "F1", "ZZ", "XX", "RB", "UK", "uk", "EL", "XK", "QQ"],
  currency: ["EUR", "usd", "EURO", "E1", "ABC", "XXX", "XAU", "XDR", "VED", " brl "],
};

// Fields of whitespace only, as JavaScript's trim() (the browser check) reads them: empty.
const BLANKS = ["\t", " \t ", "\t\t", "\u00A0", " \u00A0\t", "\u202F", "\u3000", "\r", "\uFEFF"];

describe("job 1's SQL rules agree with the contract's checkValue", () => {
  let duck: Duck;
  beforeAll(async () => {
    duck = await Duck.open({ timeZone: "UTC" });
    await duck.run(renderSql(await loadSql("pipeline/sql/macros.sql"), { ...monthParams("2025-11"), ...parseParams(CONTRACT_PARSE, undefined) }));
  });
  afterAll(() => duck.close());

  const sqlOk = async (col: ColumnSpec, raw: string, rule?: string): Promise<{ ok: boolean; rule: string | null }> => {
    const v = sqlString(raw);
    const expr: Record<string, string> = {
      timestamp: `parse_ts(${v}) IS NOT NULL`,
      decimal: `chk_dec('c', ${v}, parse_dec(${v}), -1e18) IS NULL`,
      integer: `chk_int('c', ${v}, parse_int(${v}), -1e18, 1e18) IS NULL`,
      boolean: `parse_bool(${v}) IS NOT NULL`,
      country: `chk_country('c', ${v}) IS NULL`,
      currency: `chk_currency('c', ${v}) IS NULL`,
    };
    const [row] = await duck.all<{ ok: boolean; rule: string | null }>(`SELECT ${expr[col.type]} AS ok, ${rule ?? "NULL"} AS rule`);
    return row!;
  };
  const ruleExpr: Record<string, (v: string) => string> = {};
  ruleExpr.decimal = (v) => `split_part(chk_dec('c', ${v}, parse_dec(${v}), -1e18), '|', 2)`;
  ruleExpr.integer = (v) => `split_part(chk_int('c', ${v}, parse_int(${v}), -1e18, 1e18), '|', 2)`;

  for (const [type, values] of Object.entries(SAMPLES)) {
    it(`${type}`, async () => {
      // The bounds the SQL expressions above check.
      const col = (type === "integer" ? { name: "c", type, min: -1e18, max: 1e18 } : { name: "c", type }) as ColumnSpec;
      for (const raw of values) {
        const sql = await sqlOk(col, raw, ruleExpr[type]?.(sqlString(raw)));
        const ts = checkValue(col, raw);
        expect(sql.ok, `${type} ${JSON.stringify(raw)}`).toBe(ts.ok);
        // The rule named is the same too (a too-large number is "range" in both).
        if (!ts.ok && ruleExpr[type]) expect(sql.rule, `${type} ${JSON.stringify(raw)}`).toBe(ts.rule);
      }
    });
  }

  it("accepts every code of the ISO lists and stores the value checkValue gives (aliases resolved)", async () => {
    const country = { name: "c", type: "country" } as ColumnSpec;
    const currency = { name: "c", type: "currency" } as ColumnSpec;
    const cases: [ColumnSpec, string][] = [
      ...[...COUNTRY_CODES, ...Object.keys(COUNTRY_ALIASES)].map((c): [ColumnSpec, string] => [country, c.toLowerCase()]),
      ...CURRENCY_CODES.map((c): [ColumnSpec, string] => [currency, c.toLowerCase()]),
    ];
    for (const [col, raw] of cases) {
      const v = sqlString(raw);
      const expr = col.type === "country" ? `chk_country('c', ${v}) IS NULL AS ok, country_code(${v}) AS value` : `chk_currency('c', ${v}) IS NULL AS ok, upper(nz(${v})) AS value`;
      const [row] = await duck.all<{ ok: boolean; value: string }>(`SELECT ${expr}`);
      const ts = checkValue(col, raw);
      expect(ts.ok && row!.ok, `${col.type} ${raw}`).toBe(true);
      expect(row!.value, `${col.type} ${raw}`).toBe(ts.ok ? ts.value : null);
    }
    const [uk] = await duck.all<{ v: string }>(`SELECT country_code(' uk ') AS v`);
    expect(uk!.v).toBe("GB");
  });

  it("accepts every enum value of the contract and the same aliases", async () => {
    const lists: Record<string, string> = { channel: "channels()", device: "devices()", event_type: "event_types()", status: "order_statuses()" };
    const cols = [TABLES.sessions.columns.find((c) => c.name === "channel")!, TABLES.sessions.columns.find((c) => c.name === "device")!,
      TABLES.events.columns.find((c) => c.name === "event_type")!, TABLES.orders.columns.find((c) => c.name === "status")!];
    for (const col of cols) {
      for (const raw of [...col.values!, "Paid Search", "PAGE-VIEW", "nope", " Desktop "]) {
        const v = sqlString(raw);
        const [row] = await duck.all<{ ok: boolean }>(`SELECT chk_enum('c', ${v}, fast_enum(${v}, ${lists[col.name]}), ${lists[col.name]}) IS NULL AS ok`);
        expect(row!.ok, `${col.name} ${raw}`).toBe(checkValue(col, raw).ok);
      }
    }
  });

  it("reads a field of whitespace only as empty, as the browser check does: required → 'required', optional → null", async () => {
    const required = { name: "c", type: "string", required: true } as ColumnSpec;
    const optional = { name: "c", type: "string" } as ColumnSpec;
    const status = TABLES.orders.columns.find((c) => c.name === "status")!;
    for (const raw of [...BLANKS, "\tx", "x\u00A0", "é", " y "]) {
      const v = sqlString(raw);
      const [row] = await duck.all<{ nz: string | null; req: string | null; fast: boolean | null; n: string | null }>(
        `SELECT nz(${v}) AS nz, split_part(chk_required('c', ${v}), '|', 2) AS req, ok_required(${v}) AS fast, fast_enum(${v}, order_statuses()) AS n`,
      );
      const blank = BLANKS.includes(raw);
      expect(row!.nz === null, `nz ${JSON.stringify(raw)}`).toBe(blank);
      expect(checkValue(optional, raw), JSON.stringify(raw)).toEqual(blank ? { ok: true, value: null } : { ok: true, value: raw.trim() });
      expect(row!.req || null, `chk_required ${JSON.stringify(raw)}`).toBe(blank ? "required" : null);
      expect(checkValue(required, raw), JSON.stringify(raw)).toEqual(blank ? { ok: false, rule: "required" } : { ok: true, value: raw.trim() });
      if (blank) expect(row!.fast, `ok_required ${JSON.stringify(raw)}`).not.toBe(true);
      // A required enum: empty, not the word "_".
      if (blank) expect(row!.n, `fast_enum ${JSON.stringify(raw)}`).toBeNull();
      if (blank) expect(checkValue(status, raw)).toEqual({ ok: false, rule: "required" });
    }
  });

  // The fast path (ok_*) may only ever say "passes" where the full rule (chk_*) does.
  it("ok_* fast paths never pass a value that the full check rejects", async () => {
    const values = [...Object.values(SAMPLES).flat(), ...BLANKS, "", " ", "  x", "x ", "\tx", "\u00A0x", "é", "EUR", "paid", "Paid", "page_view", "2025-10-31T23:59:59Z", "2025-12-01T00:00:00Z"];
    const pairs: [string, string, (v: string) => string][] = [
      ["ok_required(V)", "chk_required('c', V)", (v) => v],
      ["ok_ts(V, parse_ts(V))", "chk_ts('c', V, parse_ts(V))", (v) => v],
      ["ok_month(V, parse_ts(V))", "chk_month('c', V, parse_ts(V))", (v) => v],
      ["ok_dec(V, parse_dec(V), 0)", "chk_dec('c', V, parse_dec(V), 0)", (v) => v],
      ["ok_int(V, parse_int(V), 1, 5)", "chk_int('c', V, parse_int(V), 1, 5)", (v) => v],
      ["ok_enum(V, fast_enum(V, order_statuses()), order_statuses())", "chk_enum('c', V, fast_enum(V, order_statuses()), order_statuses())", (v) => v],
      ["ok_country(V)", "chk_country('c', V)", (v) => v],
      ["ok_currency(V)", "chk_currency('c', V)", (v) => v],
      ["ok_bool(V, parse_bool(V))", "chk_bool('c', V, parse_bool(V))", (v) => v],
      ["ok_not_before(V, parse_ts(V), 'b', TIMESTAMPTZ '2025-11-03 14:05:00+00')", "chk_not_before('c', V, parse_ts(V), 'b', TIMESTAMPTZ '2025-11-03 14:05:00+00')", (v) => v],
    ];
    let fastPasses = 0;
    for (const [ok, chk] of pairs) {
      for (const raw of [...values, null]) {
        const v = raw === null ? "CAST(NULL AS VARCHAR)" : sqlString(raw);
        const [row] = await duck.all<{ ok: boolean | null; err: string | null }>(`SELECT ${ok.replaceAll("V", v)} AS ok, ${chk.replaceAll("V", v)} AS err`);
        if (row!.ok === true) {
          fastPasses++;
          expect(row!.err, `${ok} for ${JSON.stringify(raw)}`).toBeNull();
        }
      }
    }
    expect(fastPasses).toBeGreaterThan(50); // the fast path is really taken
  });

  it("every table's fast path lists exactly the checks of its full path", async () => {
    const calls = (sql: string, prefix: "ok" | "chk") =>
      [...sql.matchAll(new RegExp(`\\b${prefix}_(\\w+)\\(([^()]*(?:\\([^()]*\\)[^()]*)*)\\)`, "g"))]
        .map(([, name, args]) => `${name}(${(prefix === "chk" ? args!.split(/,\s*/).slice(1) : args!.split(/,\s*/)).join(", ")})`)
        .sort();
    for (const table of Object.keys(TABLES)) {
      const sql = await loadSql(`pipeline/sql/job1/${table}.sql`);
      const full = calls(sql, "chk");
      expect(full.length, table).toBeGreaterThan(0);
      expect(calls(sql, "ok"), table).toEqual(full);
    }
  });
});


describe("job 1's SQL reads numbers in every convention a profile may name as parseNumber does", () => {
  let duck: Duck;
  beforeAll(async () => {
    duck = await Duck.open({ timeZone: "UTC" });
  });
  afterAll(() => duck.close());

  const NBSP = "\u00A0";
  const NNBSP = "\u202F";
  const samples = ["1234", "1234,5", "1234.5", "1.234,56", "1,234.56", "1 234,56", `1${NBSP}234,56`, `1${NNBSP}234.5`, "1'234.5", "12 34", "-1 000", "1,2,3", "", "x"];
  const conventions: ParseOptions[] = [];
  for (const decimal of [".", ","] as const)
    for (const thousands of ["", ",", ".", " ", "'"] as const) if (thousands !== decimal) conventions.push({ ...CONTRACT_PARSE, decimal, thousands });

  it.each(conventions.map((c) => [`decimal ${JSON.stringify(c.decimal)}, thousands ${JSON.stringify(c.thousands)}`, c] as const))("%s", async (_, parse) => {
    // A profile's macros must compile and run: a " " separator once gave "invalid escape sequence: \\u".
    await duck.run(renderSql(await loadSql("pipeline/sql/macros.sql"), { ...monthParams("2025-11"), ...parseParams(parse, undefined) }));
    for (const raw of samples) {
      const [row] = await duck.all<{ d: string | null; i: string | null }>(
        `SELECT CAST(parse_dec(${sqlString(raw)}) AS VARCHAR) AS d, CAST(parse_int(${sqlString(raw)}) AS VARCHAR) AS i`,
      );
      const d = parseNumber(raw, "decimal", parse);
      const i = parseNumber(raw, "integer", parse);
      expect(row!.d === null ? null : Number(row!.d), `decimal ${JSON.stringify(raw)}`).toBe(d === null ? null : Number(d));
      expect(row!.i === null ? null : Number(row!.i), `integer ${JSON.stringify(raw)}`).toBe(i === null ? null : Number(i));
    }
    // Two lines of one order agree on a number when its value is the same, whatever the spelling.
    const spellings = [...samples, "1234,50", "1234.50", "01234,5", "30", "30,00", "30.00", "30,0", "30.0", "0", "0,00", "0.00"].filter((x) => parseNumber(x, "decimal", parse) !== null);
    const same = new Map<string, string>();
    for (const raw of spellings) same.set(raw, (await duck.all<{ v: string }>(`SELECT same_num(${sqlString(raw)}) AS v`))[0]!.v);
    for (const a of spellings)
      for (const b of spellings) {
        const equal = Number(parseNumber(a, "decimal", parse)) === Number(parseNumber(b, "decimal", parse));
        // Leading zeros are not a spelling exports use: only the trailing ones and the separators are.
        if (!/^0\d/.test(a) && !/^0\d/.test(b)) expect(same.get(a) === same.get(b), `${a} / ${b}`).toBe(equal);
      }
  });
});
