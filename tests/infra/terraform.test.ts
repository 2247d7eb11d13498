// Static checks of the Terraform in infra/ (parsed with @cdktf/hcl2json): what must exist, how it is
// protected, and that the state machine is the shared ASL file.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { configSchema } from "@/lib/config/schema";
import { INFRA, list, loadTerraform, statementsOf, type Block, type Terraform } from "./hcl";

// asl-validator ships no types: its CommonJS export is the validator function.
const aslValidator = createRequire(import.meta.url)("asl-validator") as (definition: unknown) => { isValid: boolean; errorsText: (sep?: string) => string };

let tf: Terraform;
beforeAll(async () => {
  tf = await loadTerraform();
});

const res = (type: string) => tf.resources[type] ?? {};
const one = (type: string, name: string): Block => {
  const r = res(type)[name];
  if (!r) throw new Error(`missing ${type}.${name}`);
  return r;
};

describe("infra: resources of the reference design", () => {
  it("declares every building block", () => {
    const required: [string, string[]][] = [
      ["aws_s3_bucket", ["this"]],
      ["aws_s3_bucket_versioning", ["lake"]],
      ["aws_s3_bucket_lifecycle_configuration", ["lake", "results"]],
      ["aws_s3_bucket_cors_configuration", ["lake"]],
      ["aws_s3_bucket_notification", ["lake"]],
      ["aws_cloudwatch_event_rule", ["manifest", "execution_ended", "execution_status", "missing_month"]],
      ["aws_cloudwatch_event_target", ["manifest", "execution_ended", "execution_status", "missing_month"]],
      ["aws_lambda_function", ["start_run", "validate", "gate", "publish", "notify"]],
      ["aws_sfn_state_machine", ["pipeline"]],
      ["aws_glue_catalog_database", ["lake"]],
      ["aws_glue_job", ["job"]],
      ["aws_glue_crawler", ["processed", "curated"]],
      ["aws_glue_connection", ["rds"]],
      ["aws_athena_workgroup", ["main"]],
      ["aws_rds_cluster", ["main"]],
      ["aws_rds_cluster_instance", ["main"]],
      ["aws_db_subnet_group", ["main"]],
      ["aws_security_group", ["glue", "rds", "portal"]],
      ["aws_quicksight_data_source", ["athena"]],
      ["aws_iam_role", ["glue_jobs", "glue_loader", "glue_crawler", "sfn", "lambda", "portal"]],
      ["aws_s3_object", ["runner", "job_sql", "contract", "wheel", "rds_ca"]],
      ["aws_cloudwatch_log_group", ["glue", "lambda", "sfn"]],
    ];
    for (const [type, names] of required) for (const n of names) expect(res(type)[n], `${type}.${n}`).toBeDefined();
    expect(Object.keys(tf.locals.jobs)).toEqual(["job1", "job2", "job3"]);
    expect(one("aws_glue_job", "job").for_each).toBe("${local.jobs}");
  });

  it("the lake, results and artifacts buckets share the protections (for_each over the same map)", () => {
    expect(Object.keys(tf.locals.buckets).sort()).toEqual(["artifacts", "lake", "results"]);
    for (const type of ["aws_s3_bucket", "aws_s3_bucket_public_access_block", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_policy", "aws_s3_bucket_ownership_controls"]) {
      expect(one(type, "this").for_each, type).toBe("${local.buckets}");
    }
  });
});

describe("infra: encryption and no public access", () => {
  it("blocks every kind of public access on every bucket", () => {
    const pab = one("aws_s3_bucket_public_access_block", "this");
    for (const k of ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"]) expect(pab[k], k).toBe(true);
    expect(one("aws_s3_bucket_ownership_controls", "this").rule[0].object_ownership).toBe("BucketOwnerEnforced");
  });

  it("encrypts buckets (SSE-S3, or SSE-KMS with a key), RDS storage, Athena results and the queue", () => {
    const sse = one("aws_s3_bucket_server_side_encryption_configuration", "this").rule[0].apply_server_side_encryption_by_default[0];
    expect(sse.sse_algorithm).toBe("${local.sse_algorithm}");
    expect(tf.locals.sse_algorithm).toMatch(/"AES256" : "aws:kms"/);
    const db = one("aws_rds_cluster", "main");
    expect(db.storage_encrypted).toBe(true);
    expect(one("aws_rds_cluster_instance", "main").publicly_accessible).toBe(false);
    expect(db.iam_database_authentication_enabled).toBe(true);
    expect(db.manage_master_user_password).toBe(true);
    expect(db.master_password).toBeUndefined();
    const params = one("aws_rds_cluster_parameter_group", "main").parameter as Block[];
    expect(params.find((p) => p.name === "rds.force_ssl")?.value).toBe("1");
    const wg = one("aws_athena_workgroup", "main").configuration[0];
    expect(wg.enforce_workgroup_configuration).toBe(true);
    expect(String(wg.bytes_scanned_cutoff_per_query)).toBe("${var.athena_bytes_scanned_cutoff}");
    expect(wg.result_configuration[0].encryption_configuration[0].encryption_option).toMatch(/SSE_S3|SSE_KMS/);
    expect(one("aws_sqs_queue", "start_run_dlq").sqs_managed_sse_enabled).toBe(true);
  });

  it("bucket policies deny plain HTTP and old TLS", () => {
    const doc = tf.data.aws_iam_policy_document!.tls_only!;
    expect(doc.for_each).toBe("${local.buckets}");
    const st = statementsOf(doc);
    const insecure = st.find((s) => s.sid === "DenyInsecureTransport")!;
    expect(insecure.effect).toBe("Deny");
    expect(insecure.condition[0]).toMatchObject({ test: "Bool", variable: "aws:SecureTransport", values: ["false"] });
    expect(list(insecure.resources)).toHaveLength(2);
    expect(st.find((s) => s.sid === "DenyOldTls")!.condition[0]).toMatchObject({ variable: "s3:TlsVersion", values: ["1.2"] });
  });

  it("versioning on the lake, lifecycle rules for raw, noncurrent versions, reports and multipart leftovers", () => {
    expect(one("aws_s3_bucket_versioning", "lake").versioning_configuration[0].status).toBe("Enabled");
    const rules = one("aws_s3_bucket_lifecycle_configuration", "lake").rule as Block[];
    const byId = Object.fromEntries(rules.map((r) => [r.id, r]));
    expect(byId["raw-infrequent-access"].filter[0].prefix).toBe("${local.raw_prefix}");
    expect(byId["raw-infrequent-access"].transition[0].storage_class).toBe("STANDARD_IA");
    expect(byId["abort-incomplete-multipart"].abort_incomplete_multipart_upload[0].days_after_initiation).toBe(2);
    expect(rules.every((r) => r.status === "Enabled")).toBe(true);
    expect(tf.locals.raw_prefix).toBe("raw/");
    expect(tf.locals.manifests_prefix).toBe("raw/_manifests/");
  });

  it("CORS lets only the portal's origin PUT, and exposes ETag for multipart", () => {
    const rule = one("aws_s3_bucket_cors_configuration", "lake").cors_rule[0];
    expect(rule.allowed_origins).toEqual(["${var.portal_origin}"]);
    expect(rule.allowed_methods).toEqual(["PUT"]);
    expect(rule.expose_headers).toContain("ETag");
  });

  it("no security group is open to the internet inbound; RDS only from Glue, the portal and the admin CIDR", () => {
    for (const [name, r] of Object.entries(res("aws_vpc_security_group_ingress_rule"))) {
      expect(r.cidr_ipv4 ?? "", name).not.toBe("0.0.0.0/0");
      expect(r.cidr_ipv6 ?? "", name).not.toBe("::/0");
    }
    const rdsIngress = Object.entries(res("aws_vpc_security_group_ingress_rule")).filter(([, r]) => r.security_group_id === "${aws_security_group.rds.id}");
    expect(rdsIngress.map(([n]) => n).sort()).toEqual(["rds_from_admin", "rds_from_glue", "rds_from_portal"]);
    expect(one("aws_vpc_security_group_ingress_rule", "rds_from_admin").cidr_ipv4).toBe("${var.admin_cidr}");
    expect(one("aws_vpc_security_group_ingress_rule", "rds_from_admin").count).toMatch(/var.admin_cidr == ""/);
    for (const r of rdsIngress.map(([, r]) => r)) expect([r.from_port, r.to_port]).toEqual([5432, 5432]);
    expect(one("aws_db_subnet_group", "main").subnet_ids).toBe("${var.private_subnet_ids}");
  });
});

describe("infra: IAM least privilege", () => {
  // Actions that accept no resource-level permission, so "*" is the only possible resource.
  const NO_RESOURCE_LEVEL = [/^athena:List(WorkGroups|DataCatalogs|EngineVersions)$/, /^xray:/, /^logs:(Create|Get|Update|Delete|List)LogDeliver(y|ies)$/, /^logs:(PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)$/, /^ec2:Describe/, /^cloudwatch:PutMetricData$/];
  const allStatements = () =>
    Object.entries(tf.data.aws_iam_policy_document ?? {}).flatMap(([doc, body]) => statementsOf(body).map((s): Block => ({ doc, ...s })));

  it("no allowed action is a wildcard", () => {
    const statements = allStatements();
    expect(statements.length).toBeGreaterThan(40);
    for (const s of statements.filter((s) => (s.effect ?? "Allow") === "Allow")) {
      for (const a of list(s.actions)) expect(a, `${s.doc}/${s.sid}`).not.toMatch(/\*/);
      expect(s.not_actions, `${s.doc}/${s.sid}`).toBeUndefined();
    }
  });

  it("a '*' resource only for actions that cannot be scoped", () => {
    for (const s of allStatements().filter((s) => list(s.resources).includes("*"))) {
      for (const a of list(s.actions)) expect(NO_RESOURCE_LEVEL.some((re) => re.test(a)), `${s.doc}/${s.sid}: ${a}`).toBe(true);
    }
  });

  it("no AWS managed policies (they grant far more than needed)", () => {
    expect(tf.text).not.toMatch(/arn:aws:iam::aws:policy/);
    expect(res("aws_iam_role_policy_attachment").quicksight?.policy_arn).toBe("${aws_iam_policy.quicksight[0].arn}");
  });

  it("every role has its own policy, and roles are separate per responsibility", () => {
    const roles = Object.keys(res("aws_iam_role"));
    const attached = Object.values(res("aws_iam_role_policy")).map((p) => String(p.role));
    for (const r of roles) expect(attached.some((a) => a.includes(`aws_iam_role.${r}.`) || a.includes(`aws_iam_role.${r}[`)), r).toBe(true);
    expect(one("aws_glue_job", "job").role_arn).toMatch(/glue_loader.*glue_jobs/);
    expect(one("aws_glue_crawler", "processed").role).toBe("${aws_iam_role.glue_crawler.arn}");
  });

  it("trust policies name their service; the confused-deputy condition only where the service sets it", () => {
    const assume = tf.data.aws_iam_policy_document!.assume!;
    expect(Object.keys(assume.for_each).sort()).toEqual(["glue", "lambda", "states"]);
    // Glue and Lambda send no aws:SourceAccount when they assume a job or execution role: the condition
    // would deny the AssumeRole and nothing would start. Step Functions sends it.
    expect(assume.for_each.glue.guard).toBe(false);
    expect(assume.for_each.lambda.guard).toBe(false);
    expect(assume.for_each.states.guard).toBe(true);
    const cond = statementsOf(assume)[0]!.dynamic.condition[0];
    expect(cond.for_each).toBe("${each.value.guard ? [local.account] : []}");
    expect(cond.content[0].variable).toBe("aws:SourceAccount");
  });

  it("s3:ListBucket is not narrowed by prefix: a missing key must answer 404, not 403", () => {
    // Without ListBucket on the bucket S3 answers 403 for a key that does not exist; the Lambdas and the
    // runner read keys that may be missing (a report, a manifest) and tell 404 from other errors.
    const all = Object.entries(tf.data.aws_iam_policy_document ?? {}).flatMap(([doc, body]) => statementsOf(body).map((s): Block => ({ doc, ...s })));
    const lists = all.filter((s) => list(s.actions).includes("s3:ListBucket"));
    expect(lists.length).toBeGreaterThan(5);
    for (const s of lists) expect(s.condition, `${s.doc}/${s.sid}`).toBeUndefined();
  });

  it("QuickSight's role: Athena's list actions, the data catalog, and the lake's key when there is one", () => {
    const qs = statementsOf(tf.data.aws_iam_policy_document!.quicksight!);
    const actions = qs.flatMap((s) => list(s.actions));
    for (const a of ["athena:ListWorkGroups", "athena:ListDataCatalogs", "athena:GetQueryResultsStream", "athena:ListDatabases", "athena:GetTableMetadata", "kms:Decrypt"]) expect(actions, a).toContain(a);
  });

  it("the portal can retry a run: StartExecution on the state machine only; redrive and reads on its executions", () => {
    const portal = statementsOf(tf.data.aws_iam_policy_document!.portal!);
    const on = (action: string) => portal.filter((s) => list(s.actions).includes(action)).flatMap((s) => list(s.resources));
    // A retry of a caught failure is a new execution (batch-<id>-r<n>); one of a timeout, a redrive.
    expect(on("states:StartExecution")).toEqual(["${local.sfn_arn}"]);
    for (const a of ["states:RedriveExecution", "states:DescribeExecution", "states:GetExecutionHistory"]) expect(on(a), a).toEqual(["${local.executions_arn}"]);
    expect(tf.locals.executions_arn).toMatch(/:execution:\$\{local\.sfn_name\}:\*"?$/);
    // Publish anyway checks the held run's staging is still there (a list) before starting the execution.
    expect(on("s3:ListBucket")).toContain("${local.lake_arn}");
  });

  it("S3 writes are confined to the prefixes of each responsibility", () => {
    const put = (doc: string) =>
      statementsOf(tf.data.aws_iam_policy_document![doc]!)
        .filter((s) => list(s.actions).some((a) => a === "s3:PutObject"))
        .flatMap((s) => list(s.resources));
    // Jobs 1 and 2 build the month in staging; only job 3 (after the gate) writes published partitions.
    expect(put("glue_jobs").sort()).toEqual(["${local.lake_arn}/${local.rejects_prefix}*", "${local.lake_arn}/${local.reports_prefix}*", "${local.lake_arn}/${local.staging_prefix}*"]);
    expect(put("glue_loader").sort()).toEqual(["${local.lake_arn}/${local.curated_prefix}*", "${local.lake_arn}/${local.processed_prefix}*"]);
    expect(put("portal").filter((r) => r.includes("lake_arn"))).toEqual(["${local.lake_arn}/${local.raw_prefix}*"]);
    // The functions write reports (validate-batch its plan, the gate its decision, the summary) and nothing else.
    const fnPuts = (tf.data.aws_iam_policy_document!.lambda!.dynamic.statement as Block[]).filter((d) => list(d.content[0].actions).includes("s3:PutObject"));
    expect(fnPuts.map((d) => [d.for_each, list(d.content[0].resources)])).toEqual([
      ['${each.key == "validate" ? [1] : []}', ["${local.lake_arn}/${local.reports_prefix}*"]],
      ['${each.key == "gate" ? [1] : []}', ["${local.lake_arn}/${local.reports_prefix}*"]],
      ['${each.key == "notify" ? [1] : []}', ["${local.lake_arn}/${local.reports_prefix}_notify/*"]],
      ['${each.key == "publish" ? [1] : []}', ["${local.lake_arn}/${local.reports_prefix}*"]],
    ]);
    // The notify function's hourly missing-month check: a schedule, and the permission to invoke it.
    expect(one("aws_cloudwatch_event_rule", "missing_month").schedule_expression).toBe("rate(1 hour)");
    expect(one("aws_cloudwatch_event_target", "missing_month").arn).toBe("${aws_lambda_function.notify.arn}");
    expect(one("aws_lambda_permission", "missing_month_rule").source_arn).toBe("${aws_cloudwatch_event_rule.missing_month.arn}");
  });

  it("staging/: jobs 1 and 2 write and read it, job 3 reads, publishes and removes it; nothing else touches it", () => {
    expect(tf.locals.staging_prefix).toBe("staging/");
    expect(tf.locals.processed_prefix).toBe("processed/");
    expect(tf.locals.curated_prefix).toBe("curated/");
    const st = (doc: string) => statementsOf(tf.data.aws_iam_policy_document![doc]!);
    const on = (doc: string, action: string) => st(doc).filter((s) => list(s.actions).includes(action)).flatMap((s) => list(s.resources));
    const staging = "${local.lake_arn}/${local.staging_prefix}*";
    for (const a of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) expect(on("glue_jobs", a), a).toContain(staging);
    for (const a of ["s3:GetObject", "s3:DeleteObject"]) expect(on("glue_loader", a), a).toContain(staging);
    for (const a of ["s3:PutObject", "s3:DeleteObject"]) for (const p of ["processed", "curated"]) expect(on("glue_loader", a), `${a} ${p}`).toContain(`\${local.lake_arn}/\${local.${p}_prefix}*`);
    // Job 3 reads nothing published: what it publishes is the staging.
    expect(on("glue_loader", "s3:GetObject")).not.toContain("${local.lake_arn}/${local.curated_prefix}*");
    for (const doc of ["glue_crawler", "portal", "quicksight"]) {
      expect(JSON.stringify(st(doc)), doc).not.toContain("staging_prefix");
    }
    // Every run's staging is deleted by job 3 (versioned bucket: noncurrent versions go); a held run's
    // expires after a while.
    const rules = one("aws_s3_bucket_lifecycle_configuration", "lake").rule as Block[];
    const rule = rules.find((r) => r.id === "staging-expire")!;
    expect(rule.filter[0].prefix).toBe("${local.staging_prefix}");
    expect(rule.expiration[0].days).toBe("${var.held_staging_retention_days}");
    expect(rule.noncurrent_version_expiration[0].noncurrent_days).toBe(1);
  });

  it("the quality gate function: invoked by the state machine only, reads the manifest and reports, writes its decision", () => {
    const sfn = statementsOf(tf.data.aws_iam_policy_document!.sfn!).find((s) => s.sid === "InvokeFunctions")!;
    for (const fn of ["validate", "gate", "publish"]) {
      expect(list(sfn.resources), fn).toContain(`\${aws_lambda_function.${fn}.arn}`);
      expect(list(sfn.resources), fn).toContain(`\${aws_lambda_function.${fn}.arn}:*`);
    }
    const gate = (tf.data.aws_iam_policy_document!.lambda!.dynamic.statement as Block[]).filter((d) => d.for_each === '${each.key == "gate" ? [1] : []}');
    expect(gate.map((d) => [d.content[0].sid, list(d.content[0].actions), list(d.content[0].resources)])).toEqual([
      ["ReadManifests", ["s3:GetObject"], ["${local.lake_arn}/${local.manifests_prefix}*"]],
      ["Reports", ["s3:GetObject", "s3:PutObject"], ["${local.lake_arn}/${local.reports_prefix}*"]],
      ["ListReports", ["s3:ListBucket"], ["${local.lake_arn}"]],
    ]);
    const fn = one("aws_lambda_function", "gate");
    expect(fn.role).toBe('${aws_iam_role.lambda["gate"].arn}');
    expect(fn.filename).toBe('${data.archive_file.lambda["gate"].output_path}');
    expect(fn.environment[0].variables).toEqual({ LAKE_BUCKET: '${aws_s3_bucket.this["lake"].id}' });
    expect(tf.locals.function_names.gate).toBe("${local.prefix}-quality-gate");
    // Its log group and role come from the same map as the other functions'.
    for (const [type, name] of [["aws_cloudwatch_log_group", "lambda"], ["aws_iam_role", "lambda"], ["aws_iam_role_policy", "lambda"]] as const) expect(one(type, name).for_each).toBe("${local.function_names}");
  });
});

describe("infra: Glue jobs and crawlers", () => {
  it("every job: Glue 5 Spark type, two G.1X workers, a timeout, no Glue retries, the shared runner", () => {
    const job = one("aws_glue_job", "job");
    expect(job.glue_version).toBe("${var.glue_version}");
    expect(tf.variables.glue_version!.default).toBe("5.0");
    expect(job.command[0]).toMatchObject({ name: "glueetl", python_version: "3" });
    expect(job.max_capacity).toBeUndefined();
    expect([job.worker_type, job.number_of_workers]).toEqual(["${local.glue_worker_type}", "${local.glue_number_of_workers}"]);
    expect([tf.locals.glue_worker_type, tf.locals.glue_number_of_workers]).toEqual(["G.1X", 2]);
    expect(job.execution_class).toBe("${each.value.execution_class}");
    expect(Object.fromEntries(Object.entries(tf.locals.jobs as Record<string, Block>).map(([k, j]) => [k, j.execution_class]))).toEqual({ job1: "FLEX", job2: "FLEX", job3: "STANDARD" });
    expect(job.timeout).toBe("${var.glue_job_timeout_minutes}");
    // A Glue-level retry is a new JobRun the .sync task does not follow: the state machine retries.
    expect(job.max_retries).toBe(0);
    expect(tf.variables.glue_max_retries).toBeUndefined();
    expect(job.command[0].script_location).toContain("aws_s3_object.runner.key");
    expect(job.connections).toMatch(/job3.*aws_glue_connection\.rds\.name/);
  });

  it("Python packages come from wheels in the artifacts bucket, never from PyPI; DuckDB at the pinned engine", () => {
    const args = String(one("aws_glue_job", "job").default_arguments);
    expect(args).toMatch(/"--additional-python-modules"\s*=\s*join\(",", \[for f in local\.glue_job_wheels\[each\.key\] : "s3:\/\/\$\{aws_s3_bucket\.this\["artifacts"\]\.id\}\/\$\{aws_s3_object\.wheel\[f\]\.key\}"\]\)/);
    expect(args).toMatch(/"--python-modules-installer-option"\s*=\s*"--no-index"/);
    expect(args).toMatch(/"--duckdb_version"\s*=\s*local\.duckdb_version/);
    expect(tf.locals.duckdb_version).toBe('${local.glue_pins["duckdb"]}');
    expect(one("aws_s3_object", "wheel").key).toBe("wheels/${each.value}");
    const pre = one("aws_glue_job", "job").lifecycle[0].precondition[0];
    expect(pre.condition).toBe("${length(local.glue_missing_wheels) == 0}");
    // Both job roles may read the wheels.
    for (const doc of ["glue_jobs", "glue_loader"]) {
      const reads = statementsOf(tf.data.aws_iam_policy_document![doc]!).filter((s) => list(s.actions).includes("s3:GetObject")).flatMap((s) => list(s.resources));
      expect(reads, doc).toContain("${local.artifacts_arn}/wheels/*");
      expect(reads, doc).toContain("${local.artifacts_arn}/glue/*");
    }
  });

  it("job 3 verifies the database certificate with the shipped RDS CA bundle, which its role can read", () => {
    const args = String(one("aws_glue_job", "job").default_arguments);
    expect(args).toMatch(/"--db_ca_key"\s*=\s*aws_s3_object\.rds_ca\.key/);
    expect(one("aws_s3_object", "rds_ca").key).toBe("glue/rds-ca-bundle.pem");
    const loaderReads = statementsOf(tf.data.aws_iam_policy_document!.glue_loader!).filter((s) => list(s.actions).includes("s3:GetObject")).flatMap((s) => list(s.resources));
    expect(loaderReads).toContain("${local.artifacts_arn}/glue/*");
    expect(existsSync(path.join(INFRA, "glue/rds-ca-bundle.pem"))).toBe(true);
  });

  it("DuckDB gets the driver's memory, not the 1 GB of a Python shell job", () => {
    const args = String(one("aws_glue_job", "job").default_arguments);
    expect(args).toMatch(/"--duckdb_memory_limit"\s*=\s*var\.glue_duckdb_memory_limit/);
    expect(tf.variables.glue_duckdb_memory_limit!.default).toBe("8GB");
  });

  it("the jobs' log groups are Terraform's, with a retention, and the jobs write there", () => {
    const groups = one("aws_cloudwatch_log_group", "glue");
    expect(groups.retention_in_days).toBe("${var.log_retention_days}");
    expect(groups.for_each).toEqual({ output: "${local.glue_output_log_group}", error: "${local.glue_error_log_group}" });
    expect(String(one("aws_glue_job", "job").default_arguments)).toMatch(/"--custom-logGroup-prefix"\s*=\s*local\.glue_log_prefix/);
    expect(tf.locals.glue_output_log_group).toBe("${local.glue_log_prefix}/output");
    expect(list(one("aws_glue_job", "job").depends_on)).toContain("${aws_cloudwatch_log_group.glue}");
  });

  it("uploads the runner and every job SQL file of the local backend", () => {
    expect(one("aws_s3_object", "job_sql").for_each).toBe("${local.sql_files}");
    expect(tf.locals.sql_files).toBe('${fileset(local.sql_root, "**/*.sql")}');
    const sqlRoot = path.resolve(INFRA, "../lib/pipeline/sql");
    expect(tf.locals.sql_root).toBe("${path.module}/../lib/pipeline/sql");
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith(".sql") ? [e.name] : []));
    expect(walk(sqlRoot).length).toBeGreaterThan(0);
    expect(existsSync(path.join(INFRA, "glue/runner.py"))).toBe(true);
  });

  it("crawlers: processed (prefixed, rejects and reports excluded) and curated, one table per folder; never the staging", () => {
    const p = one("aws_glue_crawler", "processed");
    const c = one("aws_glue_crawler", "curated");
    expect(p.s3_target[0].path).toMatch(/processed_prefix/);
    // ** crosses folders: the quarantine's month=/batch= levels and the reports (the run's plan too) stay out.
    expect(p.s3_target[0].exclusions).toEqual(["_rejects/**", "_reports/**"]);
    // The targets are the published layers only: a run's staged month is outside both.
    for (const cr of [p, c]) expect(cr.s3_target).toHaveLength(1);
    for (const cr of [p, c]) expect(cr.s3_target[0].path).not.toMatch(/staging/);
    for (const target of ["processed_prefix", "curated_prefix"]) expect(String(tf.locals[target]).startsWith(String(tf.locals.staging_prefix))).toBe(false);
    expect(p.table_prefix).toBe("processed_");
    expect(c.table_prefix).toBeUndefined();
    expect(c.s3_target[0].path).toMatch(/curated_prefix/);
    for (const cr of [p, c]) expect(cr.configuration).toMatch(/TableLevelConfiguration\s*=\s*3/);
  });

  it("the Glue connection puts job 3 in a private subnet with its own security group", () => {
    const conn = one("aws_glue_connection", "rds");
    expect(conn.connection_type).toBe("NETWORK");
    expect(conn.physical_connection_requirements[0].security_group_id_list).toEqual(["${aws_security_group.glue.id}"]);
  });
});

describe("infra: trigger, state machine, schedules, outputs", () => {
  it("the manifest rule matches raw/_manifests/ objects of the lake and targets the start-run function", () => {
    expect(one("aws_s3_bucket_notification", "lake").eventbridge).toBe(true);
    const pattern = one("aws_cloudwatch_event_rule", "manifest").event_pattern as string;
    expect(pattern).toMatch(/source\s*=\s*\["aws\.s3"\]/);
    expect(pattern).toMatch(/"Object Created"/);
    expect(pattern).toMatch(/prefix = local.manifests_prefix/);
    expect(one("aws_cloudwatch_event_target", "manifest").arn).toBe("${aws_lambda_function.start_run.arn}");
    expect(one("aws_lambda_permission", "manifest_rule").source_arn).toBe("${aws_cloudwatch_event_rule.manifest.arn}");
  });

  it("the state machine is templatefile() of the shared ASL file, with logging and X-Ray", () => {
    const sm = one("aws_sfn_state_machine", "pipeline");
    expect(sm.definition).toMatch(/^\$\{templatefile\("\$\{path\.module\}\/state-machine\.asl\.json", \{/);
    expect(sm.type).toBe("STANDARD");
    expect(sm.logging_configuration[0]).toMatchObject({ level: "ALL", include_execution_data: true });
    expect(sm.tracing_configuration[0].enabled).toBe(true);
    expect(sm.name).toBe("${local.sfn_name}");
  });

  it("templatefile fills exactly the ASL's placeholders, and the filled ASL validates", () => {
    const template = readFileSync(path.join(INFRA, "state-machine.asl.json"), "utf8");
    // Terraform would also read %{ … } directives; the file must have none.
    expect(template).not.toMatch(/%\{/);
    const placeholders = new Set([...template.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]!));
    for (const p of placeholders) expect(p, "only plain names in ${}").toMatch(/^[a-z0-9_]+$/);
    const given = [...String(one("aws_sfn_state_machine", "pipeline").definition).matchAll(/^\s*([a-z0-9_]+)\s*=/gm)].map((m) => m[1]!);
    expect(new Set(given)).toEqual(placeholders);
    const values: Record<string, string> = {
      job1_name: "shoplake-job1-raw-to-processed",
      job2_name: "shoplake-job2-processed-to-curated",
      job3_name: "shoplake-job3-curated-to-database",
      processed_crawler_name: "shoplake-processed",
      curated_crawler_name: "shoplake-curated",
      validate_batch_function_arn: "arn:aws:lambda:eu-west-1:123456789012:function:shoplake-validate-batch",
      publish_summary_function_arn: "arn:aws:lambda:eu-west-1:123456789012:function:shoplake-publish-summary",
    };
    const filled = JSON.parse(template.replace(/\$\{([a-z0-9_]+)\}/g, (_, k: string) => values[k]!));
    const { isValid, errorsText } = aslValidator(filled);
    expect(isValid, errorsText("\n")).toBe(true);
    // Every task has a timeout; the Glue tasks wait for their job run (.sync).
    for (const [name, st] of Object.entries(filled.States as Record<string, Block>)) {
      if (st.Type === "Task") expect(st.TimeoutSeconds, name).toBeGreaterThan(0);
      if (/^Job\d/.test(name)) expect(st.Resource).toBe("arn:aws:states:::glue:startJobRun.sync");
    }
  });

  it("the database pauses at 0 ACU when idle and resumes on a connection: nothing starts or stops it", () => {
    const db = one("aws_rds_cluster", "main");
    expect(db.engine).toBe("aurora-postgresql");
    expect(db.serverlessv2_scaling_configuration[0]).toMatchObject({ min_capacity: 0, max_capacity: "${var.db_max_capacity}", seconds_until_auto_pause: "${var.db_seconds_until_auto_pause}" });
    expect(one("aws_rds_cluster_instance", "main").instance_class).toBe("db.serverless");
    expect(res("aws_scheduler_schedule")).toEqual({});
    expect(tf.text).not.toMatch(/rds:(Start|Stop)DBInstance/);
  });

  it("the state machine and the Lambdas are created after their roles' policies", () => {
    expect(list(one("aws_sfn_state_machine", "pipeline").depends_on)).toContain("${aws_iam_role_policy.sfn}");
    for (const name of ["start_run", "validate", "publish"]) expect(list(one("aws_lambda_function", name).depends_on), name).toContain("${aws_iam_role_policy.lambda}");
  });

  it("the portal logs in as its own user with an IAM token, never as the master user", () => {
    const env = tf.outputs.portal_env!.value as Record<string, string>;
    expect(env.DATABASE_URL).toMatch(/^postgresql:\/\/\$\{var\.db_portal_username\}@[^:]*\$\{aws_rds_cluster\.main\.endpoint\}:.*\?sslmode=verify-full$/);
    expect(env.DATABASE_URL).not.toMatch(/password|db_username/);
    expect([env.DATABASE_AUTH, env.DATABASE_CA]).toEqual(["rds-iam", "rds"]);
    const portal = statementsOf(tf.data.aws_iam_policy_document!.portal!);
    expect(portal.filter((s) => list(s.actions).includes("rds-db:connect")).flatMap((s) => list(s.resources))).toEqual(["${local.db_user_arn.portal}"]);
    expect(tf.text).not.toMatch(/secretsmanager:GetSecretValue/);
  });

  it("an S3 gateway endpoint for job 3's subnet: route tables required, an existing endpoint reused and checked", () => {
    expect("default" in tf.variables.private_route_table_ids!).toBe(false);
    expect(JSON.stringify(tf.variables.private_route_table_ids!.validation)).toMatch(/length\(var\.private_route_table_ids\) > 0/);
    expect(one("aws_vpc_endpoint", "s3").count).toBe('${var.s3_gateway_endpoint == "create" ? 1 : 0}');
    const existing = tf.data.aws_vpc_endpoint!.s3!;
    expect(existing.count).toBe('${var.s3_gateway_endpoint == "existing" ? 1 : 0}');
    expect(existing.lifecycle[0].postcondition[0].condition).toBe("${length(setsubtract(var.private_route_table_ids, self.route_table_ids)) == 0}");
  });

  it("QuickSight sits behind a variable", () => {
    expect(one("aws_quicksight_data_source", "athena").count).toBe("${var.enable_quicksight ? 1 : 0}");
    expect(one("aws_quicksight_data_source", "athena").type).toBe("ATHENA");
    expect(tf.variables.enable_quicksight!.default).toBe(false);
  });

  it("the outputs give every setting the portal needs with PORTAL_BACKEND=aws, by its config name", () => {
    const env = Object.keys(tf.outputs.portal_env!.value);
    const known = Object.keys(configSchema.shape);
    for (const k of env) expect(known, `${k} is a portal setting`).toContain(k);
    for (const k of ["PORTAL_BACKEND", "AWS_REGION", "LAKE_BUCKET", "STATE_MACHINE_ARN", "ATHENA_WORKGROUP", "GLUE_DATABASE", "ATHENA_DATABASE", "GLUE_LOG_GROUP", "GLUE_ERROR_LOG_GROUP", "DATABASE_URL", "APP_URL", "BUSINESS_TIMEZONE"]) {
      expect(env, k).toContain(k);
    }
  });

  it("every var.* used is declared and terraform.tfvars.example sets only declared variables, all required ones", () => {
    const used = new Set([...tf.text.matchAll(/\bvar\.([a-z0-9_]+)/g)].map((m) => m[1]!));
    for (const v of used) expect(tf.variables[v], `var.${v}`).toBeDefined();
    const example = readFileSync(path.join(INFRA, "terraform.tfvars.example"), "utf8");
    const set = [...example.matchAll(/^\s*#?\s*([a-z0-9_]+)\s*=/gm)].map((m) => m[1]!);
    for (const v of set) expect(tf.variables[v], `tfvars sets ${v}`).toBeDefined();
    const active = [...example.matchAll(/^([a-z0-9_]+)\s*=/gm)].map((m) => m[1]!);
    const required = Object.entries(tf.variables).filter(([, b]) => !("default" in b)).map(([k]) => k);
    for (const r of required) expect(active, `tfvars sets required ${r}`).toContain(r);
  });

  it("every local.* used is defined", () => {
    const defined = new Set([...Object.keys(tf.locals)]);
    const used = new Set([...tf.text.matchAll(/\blocal\.([a-z0-9_]+)/g)].map((m) => m[1]!));
    for (const l of used) expect(defined.has(l), `local.${l}`).toBe(true);
  });

  it("the Lambdas: Node.js 24, X-Ray, code from infra/lambda, logs kept for a limited time", () => {
    expect(tf.locals.lambda_runtime).toBe("nodejs24.x");
    for (const name of ["start_run", "validate", "gate", "publish", "notify"]) {
      const fn = one("aws_lambda_function", name);
      expect(fn.runtime, name).toBe("${local.lambda_runtime}");
      expect(fn.tracing_config[0].mode, name).toBe("Active");
    }
    const dirs = Object.values(tf.data.archive_file!.lambda!.for_each as Record<string, string>);
    for (const d of dirs) expect(existsSync(path.join(INFRA, "lambda", d, "index.mjs")), d).toBe(true);
    expect(one("aws_cloudwatch_log_group", "lambda").retention_in_days).toBe("${var.log_retention_days}");
    expect(one("aws_cloudwatch_log_group", "sfn").retention_in_days).toBe("${var.log_retention_days}");
  });
});
