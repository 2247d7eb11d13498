// infra/glue/contract.json carries what the Python runner cannot import from TypeScript: the table and
// job lists, the Parquet write options, job 2's bytes per session of the events join, the read plan's
// version, the windows-1252 table its transcoding uses and the words job 1 says outside its plan. Job 1's rules are not in it: they come rendered in the batch's plan. It must match
// lib/ exactly. Regenerate: UPDATE_GLUE_CONTRACT=1 npx vitest run tests/infra/glue-contract.test.ts
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TABLE_NAMES, TABLES, utf8UnderSingleByteMessage } from "@/lib/contracts";
import { WINDOWS_1252_80_9F } from "@/lib/contracts/windows-1252";
import { CURATED_TABLES, EVENTS_JOIN_BYTES_PER_SESSION } from "@/lib/pipeline/jobs/job2-processed-to-curated";
import { MIXED_LINE_ENDINGS_WARNING } from "@/lib/pipeline/jobs/job1-raw-to-processed";
import { LOADED_TABLES } from "@/lib/pipeline/jobs/job3-curated-to-database";
import { PARQUET_WRITE_OPTIONS } from "@/lib/pipeline/jobs/parquet-output";
import { PLAN_VERSION } from "@/lib/pipeline/plan/batch-plan";
import { INFRA } from "./hcl";

const FILE = path.join(INFRA, "glue", "contract.json");

function glueContract() {
  return {
    comment: "Generated from lib/contracts and lib/pipeline by tests/infra/glue-contract.test.ts; do not edit.",
    planVersion: PLAN_VERSION,
    tableNames: [...TABLE_NAMES],
    dimensionTables: TABLE_NAMES.filter((t) => TABLES[t].kind === "dimension"),
    curatedTables: [...CURATED_TABLES],
    loadedTables: [...LOADED_TABLES],
    parquetWriteOptions: PARQUET_WRITE_OPTIONS,
    eventsJoinBytesPerSession: EVENTS_JOIN_BYTES_PER_SESSION,
    windows1252_80_9F: [...WINDOWS_1252_80_9F],
    // Words job 1 says outside its plan's SQL; `{ENCODING}` is filled in by the runner.
    messages: { mixedLineEndings: MIXED_LINE_ENDINGS_WARNING, utf8UnderSingleByte: utf8UnderSingleByteMessage("{ENCODING}") },
  };
}

describe("Glue runner contract file", () => {
  it("matches the TypeScript contract, job lists and plan version", () => {
    const expected = JSON.stringify(glueContract(), null, 2) + "\n";
    if (process.env.UPDATE_GLUE_CONTRACT === "1") writeFileSync(FILE, expected);
    expect(readFileSync(FILE, "utf8"), "run with UPDATE_GLUE_CONTRACT=1 to regenerate").toBe(expected);
  });

  it("names the dimensions job 2 reads across months", () => {
    // job2-processed-to-curated.ts keeps its own set; the runner reads this one.
    expect(glueContract().dimensionTables).toEqual(["customers", "products"]);
  });
});
