// The requests the deployment makes of AWS, validated with botocore's own service models (Debian's
// python3-botocore; .ci/run installs it): CreateJob as Terraform's aws_glue_job sends it, and every
// API call a state of the ASL makes (StartJobRun of the jobs, StartCrawler/GetCrawler). botocore checks
// member names, types, required members and enum values; Glue's documented rules that no model
// encodes (Flex, workers, reserved arguments) are checked below it.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { INFRA, loadTerraform, type Block, type Terraform } from "./hcl";

interface Request {
  service: string;
  operation: string;
  params: Record<string, unknown>;
}

/** A Python that has botocore: the PATH's, or Debian's own (python3-botocore installs there). */
function pythonWithBotocore(): string | null {
  for (const py of ["python3", "/usr/bin/python3"]) {
    if (spawnSync(py, ["-c", "import botocore"]).status === 0) return py;
  }
  return null;
}

function validate(requests: Request[]): { botocore: string; problems: string[] } {
  const py = pythonWithBotocore();
  if (!py) throw new Error("botocore is not installed: apt-get install python3-botocore (.ci/run does)");
  const r = spawnSync(py, [path.join(import.meta.dirname, "botocore_validate.py")], { input: JSON.stringify(requests), encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { botocore: string; problems: string[] };
}

let tf: Terraform;
beforeAll(async () => {
  tf = await loadTerraform();
});

const fill = (s: unknown) => String(s).replace(/\$\{local\.prefix\}/g, "shoplake");

/** CreateJob for each job of aws_glue_job.job, with the variables' defaults and sample names. */
function createJobRequests(): Request[] {
  const job = tf.resources.aws_glue_job!.job!;
  const jobs = tf.locals.jobs as Record<string, Block>;
  const argKeys = [...String(job.default_arguments).matchAll(/"(--[\w-]+)"\s*=/g)].map((m) => m[1]!);
  const job3Only = new Set(["--db_host", "--db_port", "--db_name", "--db_user", "--db_region", "--db_ca_key"]);
  return Object.entries(jobs).map(([key, j]) => ({
    service: "glue",
    operation: "CreateJob",
    params: {
      Name: fill(j.name),
      Description: j.description,
      Role: "arn:aws:iam::123456789012:role/shoplake-glue-jobs",
      GlueVersion: tf.variables.glue_version!.default,
      WorkerType: tf.locals.glue_worker_type,
      NumberOfWorkers: tf.locals.glue_number_of_workers,
      ExecutionClass: j.execution_class,
      Timeout: tf.variables.glue_job_timeout_minutes!.default,
      MaxRetries: job.max_retries,
      Command: { Name: job.command[0].name, PythonVersion: job.command[0].python_version, ScriptLocation: "s3://shoplake-artifacts-123456789012-eu-west-1/glue/runner.py" },
      ExecutionProperty: { MaxConcurrentRuns: job.execution_property[0].max_concurrent_runs },
      DefaultArguments: Object.fromEntries(argKeys.filter((k) => key === "job3" || !job3Only.has(k)).map((k) => [k, "value"])),
      ...(key === "job3" ? { Connections: { Connections: ["shoplake-rds"] } } : {}),
    },
  }));
}

/** Every API call of the ASL's Task states, their Parameters with sample values for the paths. */
function aslRequests(): Request[] {
  const asl = JSON.parse(readFileSync(path.join(INFRA, "state-machine.asl.json"), "utf8")) as { States: Record<string, Block> };
  const sample = (v: unknown): unknown => {
    if (v && typeof v === "object" && !Array.isArray(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k.replace(/\.\$$/, ""), sample(x)]));
    return typeof v === "string" ? v.replace(/\$\{(\w+)\}/g, "shoplake-$1") : v;
  };
  const out: Request[] = [];
  for (const st of Object.values(asl.States)) {
    if (st.Type !== "Task") continue;
    const res = String(st.Resource);
    let m = /^arn:aws:states:::glue:(startJobRun)(\.sync)?$/.exec(res);
    if (m) out.push({ service: "glue", operation: "StartJobRun", params: sample(st.Parameters) as Record<string, unknown> });
    m = /^arn:aws:states:::aws-sdk:(\w+):(\w+)$/.exec(res);
    if (m) out.push({ service: m[1]!, operation: m[2]!.charAt(0).toUpperCase() + m[2]!.slice(1), params: sample(st.Parameters) as Record<string, unknown> });
  }
  return out;
}

describe("AWS requests against botocore's service models", () => {
  it("CreateJob for the three Glue jobs, and every SDK call of the state machine, are valid requests", () => {
    const requests = [...createJobRequests(), ...aslRequests()];
    expect(requests.filter((r) => r.operation === "StartJobRun")).toHaveLength(3);
    expect(requests.filter((r) => /Crawler$/.test(r.operation))).toHaveLength(4);
    const { problems } = validate(requests);
    expect(problems).toEqual([]);
  });

  it("the validation sees what is wrong (a Python shell job's capacity type, an unknown member, a bad enum)", () => {
    const bad = createJobRequests()[0]!;
    const { problems } = validate([
      { ...bad, params: { ...bad.params, NumberOfWorkers: "2" } },
      { ...bad, params: { ...bad.params, ExecutionClass: "SPOT" } },
      { service: "glue", operation: "StartJobRun", params: { JobName: "x", Arguments: { "--month": 11 } } },
      { service: "glue", operation: "StartCrawler", params: { CrawlerName: "x" } },
    ]);
    expect(problems).toHaveLength(4);
    expect(problems.join("\n")).toMatch(/NumberOfWorkers[\s\S]*SPOT[\s\S]*--month[\s\S]*CrawlerName/);
  });

  it("Glue's rules the model does not hold: Flex on G.1X/G.2X Spark jobs of 3.0+, two workers at least, no capacity with workers, no reserved argument", () => {
    for (const r of createJobRequests()) {
      const p = r.params as Record<string, unknown> & { Command: { Name: string }; DefaultArguments: Record<string, string> };
      expect(p.Command.Name).toBe("glueetl");
      expect(p.MaxCapacity).toBeUndefined();
      expect(p.NumberOfWorkers as number).toBeGreaterThanOrEqual(2);
      if (p.ExecutionClass === "FLEX") {
        expect(["G.1X", "G.2X"]).toContain(p.WorkerType);
        expect(Number(p.GlueVersion)).toBeGreaterThanOrEqual(3);
      }
      // AWS Glue uses these internally; a job must not set them.
      for (const reserved of ["--conf", "--debug", "--mode", "--JOB_NAME"]) expect(p.DefaultArguments).not.toHaveProperty(reserved);
      expect(p.DefaultArguments).toHaveProperty("--python-modules-installer-option");
    }
  });
});
