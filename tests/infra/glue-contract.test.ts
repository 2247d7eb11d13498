// infra/glue/contract.json carries what the Python runner cannot import from TypeScript: the data
// contract's tables, the job table lists and the Parquet write options. It must match lib/ exactly.
// Regenerate: UPDATE_GLUE_CONTRACT=1 npx vitest run tests/infra/glue-contract.test.ts
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TABLE_NAMES, TABLES } from "@/lib/contracts";
import { CURATED_TABLES } from "@/lib/pipeline/jobs/job2-processed-to-curated";
import { LOADED_TABLES } from "@/lib/pipeline/jobs/job3-curated-to-database";
import { PARQUET_WRITE_OPTIONS } from "@/lib/pipeline/jobs/parquet-output";
import { INFRA } from "./hcl";

const FILE = path.join(INFRA, "glue", "contract.json");

function glueContract() {
  return {
    comment: "Generated from lib/contracts and lib/pipeline/jobs by tests/infra/glue-contract.test.ts; do not edit.",
    tableNames: [...TABLE_NAMES],
    tables: Object.fromEntries(
      TABLE_NAMES.map((t) => [
        t,
        { kind: TABLES[t].kind, primaryKey: TABLES[t].primaryKey, columns: TABLES[t].columns.map((c) => ({ name: c.name, required: Boolean(c.required) })) },
      ]),
    ),
    curatedTables: [...CURATED_TABLES],
    loadedTables: [...LOADED_TABLES],
    parquetWriteOptions: PARQUET_WRITE_OPTIONS,
  };
}

describe("Glue runner contract file", () => {
  it("matches the TypeScript contract and job lists", () => {
    const expected = JSON.stringify(glueContract(), null, 2) + "\n";
    if (process.env.UPDATE_GLUE_CONTRACT === "1") writeFileSync(FILE, expected);
    expect(readFileSync(FILE, "utf8"), "run with UPDATE_GLUE_CONTRACT=1 to regenerate").toBe(expected);
  });
});
