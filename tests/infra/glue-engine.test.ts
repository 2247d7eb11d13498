// One engine: the DuckDB the Glue jobs install (infra/glue/requirements.txt → --duckdb_version, which
// the runner checks on start) is the one the tests run, @duckdb/node-api's, and the one behind the
// runner's stand-in duckdb module (infra/glue/standin), on which the runner's tests and the parity
// test run.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { INFRA, loadTerraform } from "./hcl";

const pins = Object.fromEntries(
  readFileSync(path.join(INFRA, "glue/requirements.txt"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split("==") as [string, string]),
);

describe("the Glue jobs' DuckDB is the tests' DuckDB", () => {
  it("requirements.txt pins exactly the engine of @duckdb/node-api", async () => {
    const db = await DuckDBInstance.create(":memory:");
    const conn = await db.connect();
    const v = String((await conn.runAndReadAll("SELECT library_version FROM pragma_version()")).getRowsJson()[0]![0]);
    conn.closeSync();
    expect(pins.duckdb, "bump infra/glue/requirements.txt with @duckdb/node-api").toBe(v.replace(/^v/, ""));
  });

  it("every requirement is pinned to one version, and the stand-in reports the same engine", () => {
    for (const [name, version] of Object.entries(pins)) expect(version, name).toMatch(/^[0-9][0-9A-Za-z.]*$/);
    expect(Object.keys(pins)).toEqual(expect.arrayContaining(["duckdb", "pg8000", "scramp", "asn1crypto", "python-dateutil", "six"]));
    const r = spawnSync("python3", ["-c", "import duckdb; print(duckdb.__version__)"], { env: { ...process.env, PYTHONPATH: path.join(INFRA, "glue/standin") }, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(pins.duckdb);
  });

  it("Terraform passes the pinned engine to every job and installs job 3's driver only where it is needed", async () => {
    const tf = await loadTerraform();
    expect(tf.locals.duckdb_version).toBe('${local.glue_pins["duckdb"]}');
    expect(tf.locals.glue_requirements).toMatch(/file\("\$\{path\.module\}\/glue\/requirements\.txt"\)/);
    expect(tf.locals.glue_job_wheels.job1).toMatch(/\["duckdb"\]/);
    expect(tf.locals.glue_job_wheels.job3).toMatch(/keys\(local\.glue_pins\)/);
  });
});
