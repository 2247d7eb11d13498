import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTRACT_PARSE, resolveColumns, type ColumnResolution } from "@/lib/contracts";
import { mappedValue, type SourceProfile } from "@/lib/contracts/profile";
import { DEFAULT_GATE, type BatchManifest } from "@/lib/lake/manifest";
import { Duck } from "@/lib/pipeline/duck";
import { job1Sql } from "@/lib/pipeline/plan/job1-sql";
import { sqlString } from "@/lib/pipeline/sql/render";

// Job 1 maps a profile's words in SQL (a lower() fast path, norm_enum for the rest); the browser check
// maps them with mappedValue. Every spelling must come out the same on both.
const SPELLINGS = [
  "Pesquisa paga", "pesquisa paga", "PESQUISA PAGA", "Pesquisa-paga", "pesquisa_paga", " Pesquisa paga ", "Pesquisa  paga",
  "Pesquisa\tpaga", "Pesquisa -paga", "E-mail", "e mail", "E_MAIL", "email", "Social orgânico", "SOCIAL ORGÂNICO",
  "Direto", "direto ", "organic", "Não atribuído", "não-atribuído", "Pesquisa paga extra", "x", "",
  // The contract's own words, left as written (a lower() fast path too), and one the profile maps anyway.
  "Organic", "paid_search", "Paid Search", "paid-search", "PAID_SEARCH", "organic ", "Referral", "REFERRAL ", "referral",
];

const profile: SourceProfile = {
  name: "values",
  tables: {
    sessions: {
      columns: { session_id: "id", channel: "Canal" },
      values: {
        channel: {
          "pesquisa paga": "paid_search", "e-mail": "email", "Social Orgânico": "social", direto: "direct",
          "não atribuído": "other", referral: "other",
        },
      },
    },
  },
} as SourceProfile;

describe("a profile's words: job 1's SQL maps each spelling as the browser check does", () => {
  let duck: Duck;
  let dir: string;
  let res: ColumnResolution;
  let source: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "values-sql-"));
    const header = ["id", "Canal"];
    const file = path.join(dir, "sessoes.csv");
    await writeFile(file, [header.join(","), ...SPELLINGS.map((s, i) => `S${i},"${s}"`)].join("\n") + "\n");
    res = resolveColumns("sessions", header, profile.tables!.sessions);
    const manifest: BatchManifest = {
      version: 2, batchId: "b1", month: "2025-11", createdAt: "2025-12-01T00:00:00Z", createdBy: null, businessTimeZone: "UTC",
      files: [{ table: "sessions", key: "raw/sessoes.csv", fileName: "sessoes.csv", size: 1 }], profile, gate: DEFAULT_GATE,
    };
    const sql = await job1Sql(manifest, CONTRACT_PARSE, 2025);
    duck = await Duck.open({ timeZone: "UTC" });
    await duck.run(sql.macros);
    source = sql.table("sessions", manifest.files[0]!, res, header, { delimiter: ",", skipLines: 0 }, false).source;
    await duck.run(source.split("{{input}}").join(sqlString(file)).split("{{encoding}}").join("'utf-8'"));
  });
  afterAll(async () => {
    await duck?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("takes the lower() fast path in the SQL, for the contract's own words too (but not one the profile maps)", () => {
    expect(source).toMatch(/CASE lower\(c1\) [^\n]*WHEN 'pesquisa paga' THEN 'paid_search'[^\n]* ELSE CASE norm_enum\(c1\)/);
    expect(source).toMatch(/CASE lower\(c1\) [^\n]*WHEN 'paid search' THEN c1 [^\n]* ELSE CASE norm_enum\(c1\)/);
    expect(source).toContain("WHEN 'referral' THEN 'other'");
    expect(source).not.toContain("WHEN 'referral' THEN c1");
  });

  it("gives every spelling the browser check's value", async () => {
    const rows = await duck.all<{ session_id: string; channel: string | null }>(`SELECT session_id, channel FROM src_sessions`);
    expect(rows).toHaveLength(SPELLINGS.length);
    for (const r of rows) {
      const raw = SPELLINGS[Number(r.session_id.slice(1))]!;
      // An empty field is NULL in SQL and "" in the check; both are then "required but empty".
      expect(r.channel ?? "", JSON.stringify(raw)).toBe(mappedValue(res, "channel", raw));
    }
    // The words did map (the test would pass vacuously if nothing did).
    expect(rows.filter((r) => r.channel === "paid_search").length).toBeGreaterThanOrEqual(8);
  });
});
